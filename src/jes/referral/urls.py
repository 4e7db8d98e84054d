"""Referral URLs: each views module owns the routes of its pages."""

from .views import directory, interview, reports, workspace

app_name = "referral"
urlpatterns = [*directory.urlpatterns, *interview.urlpatterns, *reports.urlpatterns, *workspace.urlpatterns]
