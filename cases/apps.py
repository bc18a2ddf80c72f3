from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    name = "cases"

    def ready(self):
        from .reference import ensure_reference_data

        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="cases.reference")
        from .signals import connect

        connect()
        from . import suspension_views  # noqa: F401  (registers the suspension steps)
        from .suspension import ensure_suspension_reference_data

        post_migrate.connect(ensure_suspension_reference_data, sender=self, dispatch_uid="cases.suspension")
