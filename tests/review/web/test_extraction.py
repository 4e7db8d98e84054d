"""Extraction of reports included at full text into the catalogue's research section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jes.catalogue.models import Entry, Study
from jes.review.extraction import cite_author
from jes.review.models import AuditEvent, ReviewRecord
from tests.review.web.helpers import both


@pytest.fixture
def included(project, make_records, rev1, rev2):
    (record,) = make_records(1, authors=["Bučar Ručman, Aleš", "Novak, Ana-Marija", "Društvo Ključ"], year=2021)
    ReviewRecord.objects.filter(pk=record.pk).update(
        title="Labour exploitation of seasonal workers in Slovenian agriculture", doi="10.1234/thb.2021"
    )
    both(record, rev1, rev2, "ta", "include")
    both(record, rev1, rev2, "ft", "include")
    record.refresh_from_db()
    return record


FORM = {
    "country": "SI",
    "title": "Labour exploitation of seasonal workers in Slovenian agriculture",
    "authors": "Bučar Ručman, A.; Novak, A.-M.",
    "year": "2021",
    "purpose": "To describe how seasonal workers are recruited.",
    "study_type": "Qualitative study",
    "data_collection": "Semi-structured interviews",
    "participants_sampling": "Seasonal workers (n=14), snowball sampling",
    "main_findings": "Recruiters in Zvezdogradnja withheld wages and documents.",
    "link": "https://doi.org/10.1234/thb.2021",
}


def url(project, record):
    return reverse("review:extract", args=[project.pk, record.pk])


@pytest.mark.parametrize(
    "name,cited",
    [
        ("Bučar Ručman, Aleš", "Bučar Ručman, A."),
        ("Novak, Ana Marija", "Novak, A. M."),
        ("Dupont, Jean-Paul", "Dupont, J.-P."),
        ("Novak, A.", "Novak, A."),
        ("Društvo Ključ", "Društvo Ključ"),
    ],
)
def test_authors_are_cited_as_surname_and_initials(name, cited):
    assert cite_author(name) == cited


def test_form_is_prefilled_from_the_record(client, lead, project, included):
    client.force_login(lead)
    response = client.get(url(project, included))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["authors"] == "Bučar Ručman, A.; Novak, A.-M.; Društvo Ključ"
    assert form.initial["year"] == 2021
    assert form.initial["link"] == "https://doi.org/10.1234/thb.2021"
    html = response.content.decode()
    assert '<label for="id_main_findings">' in html and 'name="csrfmiddlewaretoken"' in html


def test_extraction_creates_a_searchable_study_and_links_the_record(client, lead, project, included, catalogue):
    client.force_login(lead)
    response = client.post(url(project, included), FORM)
    assert response.status_code == 302 and response["Location"] == reverse("review:extract_list", args=[project.pk])
    included.refresh_from_db()
    study = Study.objects.get(pk=included.catalogue_entry_id)
    assert (study.country, study.section, study.year, study.year_label) == ("SI", "research", 2021, "2021")
    assert study.authors == "Bučar Ručman, A.; Novak, A.-M."
    assert study.links == ["https://doi.org/10.1234/thb.2021"]
    assert study.main_findings == FORM["main_findings"]
    event = AuditEvent.objects.get(project=project, action="extracted")
    assert (event.record_id, event.stage, event.detail["entry"], event.actor) == (included.pk, "ft", study.pk, lead)
    # the catalogue's full-text search finds it (FTS5 triggers on SQLite, the tsvector column on PostgreSQL)
    found = client.get(reverse("catalogue:list"), {"q": "Zvezdogradnja"})
    assert found.status_code == 200
    assert study.get_absolute_url() in found.content.decode()
    listing = client.get(reverse("review:extract_list", args=[project.pk])).content.decode()
    assert study.get_absolute_url() in listing and "Added to the catalogue" in listing


def test_extracting_again_is_refused_with_a_link_to_the_entry(client, lead, project, included, catalogue):
    client.force_login(lead)
    client.post(url(project, included), FORM)
    entries = Entry.objects.count()
    included.refresh_from_db()
    for response in (client.get(url(project, included)), client.post(url(project, included), FORM)):
        assert response.status_code == 409
        assert "already extracted" in response.content.decode()
        assert included.catalogue_entry.get_absolute_url() in response.content.decode()
    assert Entry.objects.count() == entries
    assert AuditEvent.objects.filter(project=project, action="extracted").count() == 1


def test_records_not_included_at_full_text_are_refused(client, lead, rev1, rev2, project, make_records):
    (record,) = make_records(1)
    both(record, rev1, rev2, "ta", "include")
    client.force_login(lead)
    response = client.post(url(project, record), FORM)
    assert response.status_code == 409
    assert "Only records included at the full-text stage" in response.content.decode()
    assert not Study.objects.filter(main_findings=FORM["main_findings"]).exists()


def test_bad_input_names_the_field_and_writes_nothing(client, lead, project, included):
    client.force_login(lead)
    before = Entry.objects.count()
    response = client.post(url(project, included), {**FORM, "country": "XX", "link": "not a url at all"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"country", "link"}
    assert Entry.objects.count() == before
    included.refresh_from_db()
    assert included.catalogue_entry_id is None


def test_catalogue_validation_errors_name_the_field(db):
    from jes.catalogue.services import add_study_from_review

    with pytest.raises(ValueError, match="study_type"):
        add_study_from_review("SI", {"study_type": "x" * 201})
    with pytest.raises(ValueError, match="country"):
        add_study_from_review("ZZ", {})
    with pytest.raises(ValueError, match="links"):
        add_study_from_review("SI", {}, links=["javascript:alert(1)"])


def test_only_leads_extract(client, rev1, stranger, project, included):
    client.force_login(rev1)
    assert client.post(url(project, included), FORM).status_code == 403
    assert client.get(reverse("review:extract_list", args=[project.pk])).status_code == 403
    client.force_login(stranger)
    assert client.get(url(project, included)).status_code == 404


def test_synthetic_examples_never_reach_the_catalogue(client, lead, project, included):
    project.synthetic = True
    project.save()
    client.force_login(lead)
    response = client.post(url(project, included), FORM)
    assert response.status_code == 409 and "synthetic" in response.content.decode()
    included.refresh_from_db()
    assert included.catalogue_entry_id is None
