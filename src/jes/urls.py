from django.contrib import admin
from django.urls import include, path

from jes.catalogue.api import api
from jes.web import views as web_views

admin.site.site_header = "JeS platform administration"
admin.site.site_title = "JeS admin"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("catalogue/", include("jes.catalogue.urls")),
    path("review/", include("jes.review.urls")),
    path("referral/", include("jes.referral.urls")),
    path("observatory/", include("jes.observatory.urls")),
    path("prevention/", include("jes.prevention.urls")),
    path("api/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
