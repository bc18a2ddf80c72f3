from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "is_demo_account"]
    list_filter = ["groups", "is_active", "is_demo_account"]
    raw_id_fields = ["person"]
    fieldsets = BaseUserAdmin.fieldsets + (("Workforce and demo", {"fields": ["person", "is_demo_account"]}),)
