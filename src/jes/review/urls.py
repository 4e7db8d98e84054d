"""Review URLs: each views module owns the routes of its pages (``urlpatterns`` there)."""

from .views import duplicates, imports, outputs, projects, screening, strategy

app_name = "review"
urlpatterns = [
    *projects.urlpatterns,
    *imports.urlpatterns,
    *strategy.urlpatterns,
    *duplicates.urlpatterns,
    *screening.urlpatterns,
    *outputs.urlpatterns,
]
