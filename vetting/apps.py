from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "vetting"
    verbose_name = "Vetting and workforce screening"
    default_auto_field = "django.db.models.BigAutoField"
