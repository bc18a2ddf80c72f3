from django.contrib import admin

from .models_oversight import HearingPublicityDirection


@admin.register(HearingPublicityDirection)
class HearingPublicityDirectionAdmin(admin.ModelAdmin):
    """Where the hearings officer records a chair's private or anonymity direction."""

    list_display = ("proceeding", "direction", "directed_on")
    raw_id_fields = ("proceeding", "recorded_by")
