from __future__ import annotations

import pytest

from jes.catalogue.models import Entry

pytestmark = pytest.mark.django_db


def test_entries_are_paginated(client, catalogue):
    first = client.get("/api/entries", {"limit": 10}).json()
    assert first["count"] == Entry.objects.count()
    assert len(first["items"]) == 10
    second = client.get("/api/entries", {"limit": 10, "offset": 10}).json()
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_entries_take_the_same_filters_as_the_pages(client, catalogue):
    data = client.get("/api/entries", {"q": "rucman", "country": "SI"}).json()
    assert data["count"] > 0
    assert all(item["country"] == "SI" for item in data["items"])


def test_an_entry_has_its_template_fields(client, catalogue):
    entry = Entry.objects.filter(country="SI", section="research").first()
    data = client.get(f"/api/entries/{entry.pk}").json()
    assert data["section"] == "research"
    assert "main_findings" in data["fields"]
    assert data["seed_line"] == entry.seed_line


def test_the_api_is_read_only(client, catalogue):
    assert client.post("/api/entries", {}).status_code == 405


def test_the_openapi_description_lists_the_endpoints(client, db):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/entries", "/api/entries/{entry_id}", "/api/facets", "/api/statistics"} <= set(spec["paths"])


def test_statistics_keep_the_stated_values(client, catalogue):
    items = client.get("/api/statistics", {"country": "SI", "limit": 100}).json()["items"]
    assert any(s["value"] == "434" and s["period"] == "2010-2022" for s in items)


def test_the_api_docs_need_no_cdn(client, db):
    page = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
