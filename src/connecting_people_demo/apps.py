from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data for trying the product and for benchmarks. Owns no models."""

    name = "connecting_people_demo"
    label = "demo"
