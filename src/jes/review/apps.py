from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "jes.review"
    label = "review"
    verbose_name = "Systematic reviews"
