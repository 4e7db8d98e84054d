from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "jes.catalogue"
    label = "catalogue"
    verbose_name = "Evidence catalogue"
