"""The screening page: one record at a time, blind, with decisions posted and redirected to the next record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jes.review.decisions import decide, stage_state
from jes.review.flow import project_flow
from jes.review.models import AuditEvent, ScreeningDecision
from jes.review.projects import update_protocol


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JES_REVIEW_SYNC_JOBS = True
    settings.DATA_DIR = tmp_path


def screen_url(project, stage="ta", record=None):
    url = reverse("review:screen", args=[project.pk, stage])
    return f"{url}?record={record}" if record else url


def decide_url(project, stage="ta"):
    return reverse("review:screen_decide", args=[project.pk, stage])


def as_user(client, user):
    client.force_login(user)
    return client


def test_first_record_in_import_order_and_outsiders_get_404(client, project, make_records, rev1, stranger):
    make_records(3)
    page = as_user(client, rev1).get(screen_url(project))
    assert page.status_code == 200
    assert page.context["record"].title == "Record 0"
    assert "You decided 0 of 3 records." in page.content.decode()
    assert as_user(client, stranger).get(screen_url(project)).status_code == 404
    assert as_user(client, rev1).get(reverse("review:screen", args=[project.pk, "xx"])).status_code == 404


def test_include_is_stored_and_redirects_to_the_next_record(client, project, make_records, rev1):
    a, b, _ = make_records(3)
    c = as_user(client, rev1)
    response = c.post(decide_url(project), {"record": a.pk, "label": "include", "note": "clear"})
    assert response.status_code == 302 and response["Location"] == screen_url(project)
    decision = ScreeningDecision.objects.get(record=a, reviewer=rev1, stage="ta")
    assert (decision.label, decision.note) == ("include", "clear")
    page = c.get(response["Location"])
    assert page.context["record"] == b
    html = page.content.decode()
    assert "Included “Record 0”." in html and 'aria-live="polite"' in html
    assert "You decided 1 of 3 records." in html


def test_exclusion_without_reason_is_refused_and_nothing_stored(client, project, make_records, rev1):
    (a,) = make_records(1)
    before = AuditEvent.objects.count()
    page = as_user(client, rev1).post(decide_url(project), {"record": a.pk, "label": "exclude", "reason": ""})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="reason-error"' in html and "Choose the reason for excluding this record." in html
    assert 'aria-describedby="reason-error"' in html
    assert 'value="exclude" id="label-exclude" checked' in html  # the reviewer's choice is kept
    assert not ScreeningDecision.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_reason_outside_the_protocol_is_refused(client, project, make_records, rev1):
    (a,) = make_records(1)
    page = as_user(client, rev1).post(decide_url(project), {"record": a.pk, "label": "exclude", "reason": "Boring"})
    assert page.status_code == 400 and "not one of the protocol" in page.content.decode()
    assert not ScreeningDecision.objects.exists()


def test_changing_a_decision_is_audited_with_the_previous_label(client, project, make_records, rev1):
    (a,) = make_records(1)
    c = as_user(client, rev1)
    c.post(decide_url(project), {"record": a.pk, "label": "include"})
    page = c.get(screen_url(project, record=a.pk))
    assert "Your decision:" in page.content.decode() and page.context["chosen"]["label"] == "include"
    c.post(decide_url(project), {"record": a.pk, "label": "exclude", "reason": "Not on the topic"})
    events = AuditEvent.objects.filter(action="decision", record=a).order_by("id")
    assert [(e.detail["label"], e.detail["previous"]) for e in events] == [("include", None), ("exclude", "include")]
    assert ScreeningDecision.objects.get(record=a).label == "exclude"


def test_screening_is_blind(client, project, make_records, rev1, rev2):
    a, _ = make_records(2)
    decide(a, rev1, "ta", "exclude", "Findings not related to Slovenia", note="SECRET-NOTE-OF-REV1")
    c = as_user(client, rev2)
    pages = [
        c.get(screen_url(project)),
        c.get(screen_url(project, record=a.pk)),
        c.get(reverse("review:screen_mine", args=[project.pk, "ta"])),
    ]
    assert pages[0].context["record"] == a  # rev1's decision does not take the record out of rev2's queue
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "SECRET-NOTE-OF-REV1" not in html
        assert "Your decision:" not in html
        assert "rev1" not in html
        assert " checked" not in html  # no reason preselected from rev1's decision
    assert pages[2].context["decisions"].count() == 0


def test_maybe_and_include_make_a_conflict(client, project, make_records, rev1, rev2):
    (a,) = make_records(1)
    as_user(client, rev1).post(decide_url(project), {"record": a.pk, "label": "include"})
    as_user(client, rev2).post(decide_url(project), {"record": a.pk, "label": "maybe"})
    assert stage_state(project, "ta").conflicts == [a.pk]


def test_highlighting_escapes_the_record_text(client, project, make_records, rev1):
    update_protocol(project, project.created_by, highlight_terms=["trafficking", "berač*"])
    (a,) = make_records(1)
    a.title = "<script>alert('x')</script> Trafficking & beracenje"
    a.abstract = '<p>Labour trafficking <b>bold</b> "quoted" text; Beračenje &amp; <script>x</script>.</p>'
    a.keywords = ["<i>trafficking</i>"]
    a.save()
    html = as_user(client, rev1).get(screen_url(project)).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<i>trafficking" not in html
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Trafficking</mark> &amp; <mark>beracenje</mark>"
        in html
    )
    assert (
        # Publisher markup in abstracts is dropped for reading; the words stay, escaped.
        "Labour <mark>trafficking</mark> bold &quot;quoted&quot; text; <mark>Beračenje</mark> &amp; x." in html
    )
    assert "&lt;i&gt;<mark>trafficking</mark>&lt;/i&gt;" in html


def test_unsafe_links_are_not_rendered(client, project, make_records, rev1):
    (a,) = make_records(1)
    a.url = "javascript:alert(1)"
    a.doi = "10.1234/abc"
    a.save()
    html = as_user(client, rev1).get(screen_url(project)).content.decode()
    assert "javascript:" not in html
    assert '<a href="https://doi.org/10.1234/abc" rel="noopener noreferrer"' in html


def test_suggestions_are_shown_but_never_applied(client, project, make_records, rev1):
    update_protocol(project, project.created_by, exclusion_criteria=["Not on the topic", "Published before 2014"])
    (a,) = make_records(1, year=2005)
    c = as_user(client, rev1)
    page = c.get(screen_url(project))
    html = page.content.decode()
    assert "Suggestion (not applied):" in html and "Published in 2005" in html
    assert 'data-reason="Published before 2014"' in html
    assert not ScreeningDecision.objects.exists()
    assert " checked" not in html  # nothing preselected until the reviewer asks
    # Without JavaScript, the suggestion's link reopens the record with that reason preselected.
    page = c.get(screen_url(project, record=a.pk) + "&reason=Published+before+2014")
    assert page.context["chosen"] == {"label": "exclude", "reason": "Published before 2014", "note": ""}
    assert not ScreeningDecision.objects.exists()


def test_my_decisions_lists_mine_and_reopens_them(client, project, make_records, rev1, rev2):
    a, b = make_records(2)
    decide(a, rev1, "ta", "exclude", "Not on the topic", note="mine")
    decide(b, rev2, "ta", "include")
    page = as_user(client, rev1).get(reverse("review:screen_mine", args=[project.pk, "ta"]))
    assert [d.record for d in page.context["decisions"]] == [a]
    html = page.content.decode()
    assert f'?record={a.pk}"' in html and "Not on the topic" in html and f"?record={b.pk}" not in html


def test_undo_goes_back_to_my_previous_record(client, project, make_records, rev1):
    a, b = make_records(2)
    c = as_user(client, rev1)
    c.post(decide_url(project), {"record": a.pk, "label": "include"})
    page = c.get(screen_url(project))
    assert page.context["record"] == b and page.context["previous"] == a.pk
    assert f'id="previous" href="{screen_url(project, record=a.pk)}"' in page.content.decode()


def test_empty_queue_says_so_with_counts_and_links(client, project, make_records, lead):
    (a,) = make_records(1)
    decide(a, lead, "ta", "include")
    html = as_user(client, lead).get(screen_url(project)).content.decode()
    assert "Nothing left for you to screen at this stage" in html and "You decided 1 of 1 records." in html
    assert reverse("review:conflicts", args=[project.pk, "ta"]) in html and "prisma/" in html


def test_administrators_who_are_not_members_do_not_screen(client, project, make_records, django_user_model):
    make_records(1)
    admin = django_user_model.objects.create_superuser("admin", password="pw-admin-123")
    assert as_user(client, admin).get(screen_url(project)).status_code == 403


# --- full-text stage ----------------------------------------------------------------------------------


@pytest.fixture
def ta_included(project, make_records, rev1, rev2):
    """Records A and C included on title/abstract by both reviewers, B excluded."""
    a, b, c = make_records(3)
    for reviewer in (rev1, rev2):
        decide(a, reviewer, "ta", "include")
        decide(b, reviewer, "ta", "exclude", "Not on the topic")
        decide(c, reviewer, "ta", "include")
    return a, b, c


def test_full_text_stage_lists_only_records_included_on_title_and_abstract(client, project, ta_included, rev1):
    a, b, c = ta_included
    cl = as_user(client, rev1)
    page = cl.get(screen_url(project, "ft"))
    assert page.context["record"] == a and page.context["progress"].eligible == 2
    assert cl.get(screen_url(project, "ft", record=b.pk)).status_code == 404
    assert cl.post(decide_url(project, "ft"), {"record": b.pk, "label": "include"}).status_code == 404
    cl.post(decide_url(project, "ft"), {"record": a.pk, "label": "include"})
    assert cl.get(screen_url(project, "ft")).context["record"] == c


def test_not_retrieved_leaves_the_queue_feeds_prisma_and_can_be_undone(client, project, ta_included, rev1):
    a, _, c = ta_included
    cl = as_user(client, rev1)
    url = reverse("review:screen_retrieval", args=[project.pk, "ft"])
    response = cl.post(url, {"record": a.pk, "retrieved": "no"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.retrieved is False
    event = AuditEvent.objects.get(action="full_text_retrieval", record=a)
    assert event.detail == {"retrieved": False, "previous": None} and event.stage == "ft"
    page = cl.get(response["Location"])
    assert page.context["record"] == c and page.context["previous"] == a.pk
    assert "1 full text was not retrieved" in page.content.decode()
    assert project_flow(project).main.not_retrieved == 1
    # Deciding on it is refused until the retrieval is undone.
    assert cl.post(decide_url(project, "ft"), {"record": a.pk, "label": "include"}).status_code == 400
    assert "Full text retrieved after all (undo)" in cl.get(screen_url(project, "ft", record=a.pk)).content.decode()
    cl.post(url, {"record": a.pk, "retrieved": "yes"})
    a.refresh_from_db()
    assert a.retrieved is None and project_flow(project).main.not_retrieved == 0
    assert cl.get(screen_url(project, "ft")).context["record"] == a
    assert AuditEvent.objects.filter(action="full_text_retrieval", record=a).count() == 2


def test_retrieval_is_only_for_the_full_text_stage(client, project, ta_included, rev1):
    a, _, _ = ta_included
    url = reverse("review:screen_retrieval", args=[project.pk, "ta"])
    assert as_user(client, rev1).post(url, {"record": a.pk, "retrieved": "no"}).status_code == 404
    a.refresh_from_db()
    assert a.retrieved is None


def test_same_study_label_is_saved_and_audited_without_the_label(client, project, ta_included, rev1):
    a, _, c = ta_included
    cl = as_user(client, rev1)
    url = reverse("review:screen_study", args=[project.pk, "ft"])
    cl.post(url, {"record": a.pk, "study": "Novak 2019"})
    response = cl.post(url, {"record": c.pk, "study": "  Novak   2019 "})
    assert response["Location"] == screen_url(project, "ft", record=c.pk)
    a.refresh_from_db()
    c.refresh_from_db()
    assert a.study == c.study == "Novak 2019"
    event = AuditEvent.objects.filter(action="study_set", record=c).get()
    assert event.detail["same_study_as"] == [a.pk] and "Novak" not in str(event.detail)
    page = cl.post(url, {"record": c.pk, "study": "x" * 101})
    assert page.status_code == 400 and 'id="study-error"' in page.content.decode()
    c.refresh_from_db()
    assert c.study == "Novak 2019"


def test_terms_set_on_the_strategy_page_are_highlighted_while_screening(client, project, make_records, lead, rev1):
    # Regression: the strategy page once stored regex patterns that the screening page could not read.
    make_records(1, abstract="O prisilnem beračenju otrok v Sloveniji.")
    client.force_login(lead)
    client.post(f"/review/{project.pk}/strategy/", {"queries": "»prisil* berač*«", "highlight": "1"})
    as_user(client, rev1)
    page = client.get(screen_url(project)).content.decode()
    assert "<mark>prisilnem beračenju</mark>" in page
