from django.urls import path

from .views import index, jobad, learning, pay

app_name = "prevention"
urlpatterns = [
    path("", index.index, name="index"),
    path("job-advert/", jobad.check, name="jobad"),
    path("pay/", pay.check, name="pay"),
    path("pay/summary/", pay.summary, name="pay_summary"),
    path("learn/", learning.modules, name="modules"),
    path("learn/<slug:module_id>/", learning.module, name="module"),
    path("learn/<slug:module_id>/pdf/", learning.module_pdf, name="module_pdf"),
]
