from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = "Integrity registers: business interests, associations, gifts, changes of circumstances"
    default_auto_field = "django.db.models.BigAutoField"
