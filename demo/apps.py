from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation of Region Sjælland from the 2009 memo, loaded by ``manage.py load_demo``."""

    name = "demo"
    verbose_name = "Demo"
