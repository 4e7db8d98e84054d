from django.apps import AppConfig


class ReferralConfig(AppConfig):
    name = "jes.referral"
    label = "referral"
    verbose_name = "Identification and referral"
