"""The user admin, built so that it cannot be used to escalate.

An administrator manages other people's accounts and roles (groups). The admin never offers
`is_superuser` or direct model permissions (a superuser is made only with `manage.py
createsuperuser` on the server), an administrator cannot change their own roles, staff status or
active flag, and a superuser's account cannot be changed by anyone who is not one. The demo flag
(sign-in without a second factor in demo mode) is only set by `seed_demo`.

API tokens, authenticator (TOTP) devices and raw row history are not in the admin at all: a token
or a device is a way to act as someone, and the history is read through the case pages, which
apply need-to-know and write access events.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from .models import User

for _model in (TokenProxy, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

# Fields an administrator may not change on their own account.
_OWN_ACCOUNT_LOCKED = ("is_active", "is_staff", "groups")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff", "is_demo_account"]
    list_filter = ["groups", "is_active", "is_staff", "is_demo_account"]
    raw_id_fields = ["person"]
    filter_horizontal = ["groups"]
    readonly_fields = ["last_login", "date_joined", "is_demo_account"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        ("Workforce and demo", {"fields": ("person", "is_demo_account")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [f for f in _OWN_ACCOUNT_LOCKED if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its password included) is changed only by a superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser and not request.user.is_superuser or obj.pk == request.user.pk):
            return False
        return super().has_delete_permission(request, obj)
