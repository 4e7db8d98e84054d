"""Interview pages: the self-check stores nothing; the staff interview pauses, resumes and saves the assessment."""

from __future__ import annotations

import json
import re

import pytest

from jes.referral.interview_service import questions_for
from jes.referral.models import AccessEvent, Case, Staff


def _question_id(html: str) -> str:
    return re.search(r'name="question" value="([^"]+)"', html).group(1)


def _answers(html: str) -> str:
    return json.loads(re.search(r'name="answers" value="([^"]*)"', html).group(1).replace("&quot;", '"'))


def test_self_check_runs_to_an_explained_result_without_queries_or_cookies(db, client, django_assert_max_num_queries):
    profile = {"age": "30", "exploitation": ["labour"], "language": "en", "start": "1"}
    with django_assert_max_num_queries(0):
        page = client.post("/referral/check/", profile)
        for _ in range(len(questions_for({"age": 30, "exploitation": ["labour"]}))):
            html = page.content.decode()
            assert "Set-Cookie" not in str(page.headers) and not page.cookies
            page = client.post(
                "/referral/check/",
                {**profile, "answers": json.dumps(_answers(html)), "question": _question_id(html), "answer": "yes"},
            )
    result = page.content.decode()
    assert "What your answers show" in result
    assert "Indicators of trafficking in human beings are present" in result
    assert "not a victim" not in result.lower()


def test_self_check_insufficient_answers_never_say_not_a_victim(client):
    profile = {"age": "30", "language": "en", "start": "1"}
    page = client.post("/referral/check/", profile)
    answers: dict[str, str] = {}
    while 'name="question"' in page.content.decode():
        html = page.content.decode()
        answers = _answers(html)
        page = client.post(
            "/referral/check/",
            {**profile, "answers": json.dumps(answers), "question": _question_id(html), "answer": "no"},
        )
    html = page.content.decode()
    assert "not a victim" not in html.lower() and "What your answers show" in html


def test_questions_are_shown_in_the_persons_language_with_the_review_notice(client):
    page = client.post("/referral/check/", {"age": "30", "language": "sl", "start": "1"}).content.decode()
    assert 'lang="sl" class="question"' in page
    from django.utils import translation

    with translation.override("sl"):  # the page, too, speaks the person's language
        notice = translation.gettext("Machine-assisted translation, not yet reviewed by a native speaker.")
    assert notice in page


@pytest.fixture
def case(frontline):
    from jes.referral.cases import open_case

    return open_case(Staff.objects.get(user=frontline), {"age": 25, "exploitation": ["labour"]}, "it")


def test_staff_interview_pauses_resumes_and_saves_the_assessment(client, frontline, case):
    client.force_login(frontline)
    url = f"/referral/cases/{case.reference}/interview/"
    first = client.get(url).content.decode()
    assert 'lang="it" class="question"' in first and "In English:" in first
    client.post(url, {"question": _question_id(first), "answer": "yes", "language": "it"})
    case.refresh_from_db()
    assert case.interview_state == {"answers": {_question_id(first): "yes"}}
    resumed = client.get(url).content.decode()  # a new visit continues where it stopped
    assert _question_id(resumed) != _question_id(first)
    for q in questions_for(case.profile)[1:]:
        client.post(url, {"question": q.id, "answer": "yes" if q.topic != "situation" else "no", "language": "it"})
    assert "Assess and save" in client.get(url).content.decode()
    client.post(url, {"finish": "1"})
    case.refresh_from_db()
    assert case.assessment["outcome"] == "indicators_present" and case.indicators
    assert case.interview_state == {}
    actions = set(AccessEvent.objects.filter(object_id=case.reference).values_list("action", flat=True))
    assert {"interview_read", "interview_answer", "assessment_saved"} <= actions


def test_other_organisations_and_analysts_cannot_interview(client, foreign_worker, analyst, case):
    url = f"/referral/cases/{case.reference}/interview/"
    client.force_login(foreign_worker)
    assert client.get(url).status_code == 404
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    assert Case.objects.get().interview_state == {}


def test_the_self_check_speaks_the_browsers_language_then_the_chosen_one(client):
    # Needs the compiled catalogues (scripts/install runs compilemessages).
    page = client.get("/referral/check/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Preverite svoj položaj" in page
    page = client.post("/referral/check/", {"language": "it", "start": "1"}, HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert 'lang="it" class="question"' in page and "Preverite" not in page
