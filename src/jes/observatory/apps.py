from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "jes.observatory"
    label = "observatory"
    verbose_name = "Trafficking observatory"
