from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "In-app notifications"
    default_auto_field = "django.db.models.BigAutoField"
