from django.apps import AppConfig


class InfraConfig(AppConfig):
    """What keeps writes working while Redis is away: the transactional outbox, run leases (heartbeats
    of long tasks) and the PostgreSQL fallback counters of the portal's rate limits."""

    name = "infra"
    verbose_name = "Background work"

    def ready(self):
        from . import signals  # noqa: F401
