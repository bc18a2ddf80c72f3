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
        from cases.extensions import case_reader_section_register

        from .intel_views import case_intelligence_section

        case_reader_section_register("counter_corruption.intelligence", case_intelligence_section)
        # link analysis: an entity is logged by kind and id (its display may be a name); an alert by
        # the staff number of the person it is about
        DESCRIPTIONS["counter_corruption.Entity"] = (
            "entity",
            lambda o: o.public_id,
            lambda o: f"{o.kind} {str(o.public_id)[:8]}",
        )
        DESCRIPTIONS["counter_corruption.LinkAlert"] = (
            "link_alert",
            lambda o: o.public_id,
            lambda o: f"link alert about {o.person.staff_number}",
        )
        # monitoring: an audit extract import is logged by its file name (never its rows)
        DESCRIPTIONS["counter_corruption.AuditImport"] = (
            "audit_import",
            lambda o: o.public_id,
            lambda o: f"audit extract {o.filename}"[:200],
        )
        # the workforce person page links to the person's integrity history for its readers
        person_section_register("counter_corruption.integrity_history", person_page_section)
        post_migrate.connect(ensure_themes, sender=self, dispatch_uid="counter_corruption.themes")
        from .monitoring_rules import ensure_monitoring_rules

        post_migrate.connect(ensure_monitoring_rules, sender=self, dispatch_uid="counter_corruption.monitoring_rules")
        self._queue_ready(DESCRIPTIONS, post_migrate)
        from notifications.visibility import register

        from .selectors import intel_log_notifications_visible

        register("intel_log", intel_log_notifications_visible)
        # lawful business monitoring: an alert is logged by the staff number it is about, a watch
        # list entry by its id only (its name is a public figure's)
        DESCRIPTIONS["counter_corruption.MonitoringAlert"] = (
            "monitoring_alert",
            lambda o: o.public_id,
            lambda o: f"monitoring alert about {o.searcher.staff_number}",
        )
        DESCRIPTIONS["counter_corruption.WatchListEntry"] = (
            "watch_list_entry",
            lambda o: o.public_id,
            lambda o: f"watch list entry {str(o.public_id)[:8]}",
        )

    def _queue_ready(self, descriptions, post_migrate):
        """The unit's queue: its tasks, the signals that keep it current, its seeded weights, and
        its list reads in the access log (each item named by its log's reference or its alert)."""
        from . import queue_signals, queue_tasks  # noqa: F401  (registers the Celery tasks)
        from .priority import ensure_queue_weights

        descriptions["counter_corruption.UnitQueueItem"] = (
            "counter_corruption_queue_item",
            lambda o: o.source.public_id,
            lambda o: o.log.reference if o.log_id else f"link alert {o.alert.person.staff_number}",
        )
        queue_signals.connect()
        post_migrate.connect(ensure_queue_weights, sender=self, dispatch_uid="counter_corruption.queue_weights")
