"""Referral URLs: each views module owns the routes of its pages."""

from .views import directory, home, interview, reports, workspace

app_name = "referral"
urlpatterns = [
    *home.urlpatterns,
    *directory.urlpatterns,
    *interview.urlpatterns,
    *reports.urlpatterns,
    *workspace.urlpatterns,
]
