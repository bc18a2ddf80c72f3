from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data for `make demo` and the tests: the seed_demo command and the
    generators it calls. Above every domain app (it drives them all through their services); no
    domain app imports it."""

    name = "demo"
    verbose_name = "Demo data"
