from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import middleware  # noqa: F401  (connects the sign-in time stamp of the session lifetime)
        from .roles import ensure_roles

        # after every app: permissions of apps migrated later must exist before they are granted
        post_migrate.connect(ensure_roles, dispatch_uid="accounts.ensure_roles")
