from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "jes.prevention"
    label = "prevention"
    verbose_name = "Prevention and learning"
