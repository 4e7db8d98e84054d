from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jes.web"
    label = "web"
    verbose_name = "Web"
