from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance (Police (Performance) Regulations 2020)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from audit.access import DESCRIPTIONS

        from .reference import ensure_performance_rules

        # a performance case is protected data: its reads are access events (audit.access)
        DESCRIPTIONS["performance.PerformanceCase"] = ("performance_case", lambda o: o.public_id, lambda o: o.reference)
        post_migrate.connect(ensure_performance_rules, sender=self, dispatch_uid="performance.rules")
