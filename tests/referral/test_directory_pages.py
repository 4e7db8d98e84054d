"""The public directory pages and the find-help form, which stores nothing."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_the_list_is_public_and_filters_by_country_and_need(client):
    page = client.get("/referral/services/?country=IT&need=information")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anti-trafficking hotline" in html and 'href="tel:800290290"' in html
    assert "Surya" not in html


def test_the_detail_page_cites_the_seed_and_marks_unknowns(client):
    html = client.get("/referral/services/be-helpline/").content.decode()
    assert "not stated in the source" in html
    assert "2174" in html and "The helpline engages with victims of trafficking" in html


def test_an_unknown_service_is_404(client):
    assert client.get("/referral/services/no-such-service/").status_code == 404


@pytest.mark.django_db
def test_find_help_ranks_services_and_writes_nothing(client, caplog):
    answers = {
        "country": "SI",
        "age": "adult",
        "identified_by_police": "false",
        "cooperates_with_police": "false",
        "asylum_seeker": "unknown",
        "needs": ["accommodation"],
    }
    with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
        page = client.post("/referral/services/find-help/", answers)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("five-day crisis accommodation") < html.index("requires cooperation with the police")
    assert "at least 30 days" in html
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}]
    assert writes == []
    assert "accommodation" not in caplog.text
    assert "no-store" in page["Cache-Control"]


def test_find_help_form_shows_errors_for_a_bad_country(client):
    page = client.post("/referral/services/find-help/", {"country": "XX"})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
