from django.contrib import admin

from .models import RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    """The rules in force: a commencement order is a change here (the date), with history."""

    list_display = ["rule", "version", "instrument", "commences_on", "applies_by"]
    list_filter = ["rule", "applies_by"]
    search_fields = ["rule", "version", "title", "instrument"]
    readonly_fields = ["rule", "version"]
