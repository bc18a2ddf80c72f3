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
        self._dismissals_ready()
        from notifications.visibility import register

        from .selectors import action_notifications_visible, case_notifications_visible

        register("case", case_notifications_visible)
        register("action", action_notifications_visible)

    def _dismissals_ready(self):
        """SI 2025/558: its rule versions, steps and case deadlines (cases/dismissals.py)."""
        from .dismissals import case_deadlines, ensure_rule_versions
        from .dismissals_steps import register_steps
        from .extensions import case_deadline_register

        post_migrate.connect(ensure_rule_versions, sender=self, dispatch_uid="cases.dismissals_rules")
        register_steps()
        case_deadline_register("cases.dismissals", case_deadlines)
