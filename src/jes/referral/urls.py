"""Referral URLs: each views module owns the routes of its pages."""

from .views import directory, reports, workspace

app_name = "referral"
urlpatterns = [*directory.urlpatterns, *reports.urlpatterns, *workspace.urlpatterns]
