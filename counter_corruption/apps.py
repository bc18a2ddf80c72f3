from django.apps import AppConfig


class CounterCorruptionConfig(AppConfig):
    name = "counter_corruption"
    verbose_name = "Counter-corruption: intelligence, links and integrity histories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from audit.access import DESCRIPTIONS
        from workforce.extensions import person_section_register

        from .history import person_page_section
        from .reference import ensure_themes

        # an intelligence log is protected data: every read is an access event (audit.access);
        # the label is the log's reference, never its text
        DESCRIPTIONS["counter_corruption.IntelLog"] = ("intelligence_log", lambda o: o.public_id, lambda o: o.reference)
        # the workforce person page links to the person's integrity history for its readers
        person_section_register("counter_corruption.integrity_history", person_page_section)
        post_migrate.connect(ensure_themes, sender=self, dispatch_uid="counter_corruption.themes")
