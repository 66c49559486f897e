from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data for trying the product and for benchmarks. Owns no models.

    In INSTALLED_APPS only when CPI_DEMO is true (settings.py); production leaves it out.
    """

    name = "connecting_people_demo"
    label = "demo"
