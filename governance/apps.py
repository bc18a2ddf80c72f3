from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """What the force answers for: the Home Office return, timeliness, the oversight body's view and
    the monthly board pack. It reads every app below it and writes only its own figures."""

    name = "governance"
    verbose_name = "Governance: Home Office return, timeliness, oversight, board pack"
    default_auto_field = "django.db.models.BigAutoField"
