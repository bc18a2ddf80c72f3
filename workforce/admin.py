from django.contrib import admin

from .models import EthnicityCode, OrgUnit


@admin.register(EthnicityCode)
class EthnicityCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "group", "classification"]
    list_filter = ["group", "classification"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
