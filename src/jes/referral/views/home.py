"""The referral pillar's front page: help for the public first, the workspace for staff."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ..models import Staff


def index(request: HttpRequest) -> HttpResponse:
    staff = Staff.objects.filter(user_id=request.user.pk).first() if request.user.is_authenticated else None
    return render(request, "referral/index.html", {"staff": staff})


urlpatterns = [path("", index, name="index")]
