from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Public reporting line"

    def ready(self):
        from notifications.visibility import register

        from .selectors import report_notifications_visible

        register("report", report_notifications_visible)
