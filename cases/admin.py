"""Reference data an administrator maintains (every change is kept in history). Cases
themselves are not in the admin: they are read only through the need-to-know selectors."""

from django.contrib import admin

from .models import AllegationCategory, InterventionRule, IopcGround, PriorityWeight, Standard


@admin.register(PriorityWeight)
class PriorityWeightAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "weight", "parameter"]
    list_editable = ["weight", "parameter"]


@admin.register(AllegationCategory)
class AllegationCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "priority_weight", "active"]
    list_editable = ["priority_weight", "active"]


@admin.register(InterventionRule)
class InterventionRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "threshold", "window_months", "active"]
    list_editable = ["threshold", "window_months", "active"]


@admin.register(IopcGround)
class IopcGroundAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "categories", "facts", "active"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
