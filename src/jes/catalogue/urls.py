from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("entry/<int:pk>/", views.entry_detail, name="entry"),
    path("report/<str:name>/", views.report_file, name="report"),
]
