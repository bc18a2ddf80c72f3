from django.contrib import admin

from .models import ClearanceLevel


@admin.register(ClearanceLevel)
class ClearanceLevelAdmin(admin.ModelAdmin):
    """Reference data: levels and their renewal periods (changes are kept in history)."""

    list_display = ["code", "label", "renewal_months", "active"]
