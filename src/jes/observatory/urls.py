from django.urls import path

from . import views

app_name = "observatory"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/stats.json", views.stats_api, name="stats_api"),
]
