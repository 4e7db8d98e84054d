from django.urls import path

from . import views

app_name = "observatory"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/stats.json", views.stats_api, name="stats_api"),
    path("figures/", views.figures, name="figures"),
    path("early-warning/", views.early_warning, name="early_warning"),
    path("api/early-warning.json", views.early_warning_api, name="early_warning_api"),
    path("cases/new/", views.case_new, name="case_new"),
    path("import/", views.upload, name="upload"),
]
