from django.apps import AppConfig


class WorkdayConfig(AppConfig):
    """A working day for each role: the home page as a work list, one search box, the diary."""

    name = "workday"
    verbose_name = "A working day"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # each module registers the home page sections of its roles (workday.home.register)
        from . import home_casework, home_others  # noqa: F401
