from django.contrib import admin

from .models import OutcomeRule, PanelRole, WarningPeriod


@admin.register(OutcomeRule)
class OutcomeRuleAdmin(admin.ModelAdmin):
    """The reg 42 table: an amendment to the regulations is a change here, with history."""

    list_display = ["forum", "finding", "outcome", "condition", "active"]
    list_filter = ["forum", "finding", "active"]
    list_editable = ["condition", "active"]


@admin.register(WarningPeriod)
class WarningPeriodAdmin(admin.ModelAdmin):
    list_display = ["outcome", "months"]


@admin.register(PanelRole)
class PanelRoleAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "forums", "required"]
