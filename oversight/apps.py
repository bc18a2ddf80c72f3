from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Disparity analytics and oversight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .second_look import connect

        connect()
        from notifications.visibility import register

        from .flags import flag_notifications_visible

        register("disparity_flag", flag_notifications_visible)
