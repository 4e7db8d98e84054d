"""The prevention pages: anyone can use them without an account, and nothing is stored or set as a cookie."""

from __future__ import annotations

import html
import re

import pytest

from jes.prevention import content

pytestmark = [pytest.mark.django_db]

BERRY = {
    "country": "FI", "currency": "EUR", "year": "2022", "days": "60", "hours_per_day": "18",
    "earnings-TOTAL_FORMS": "2", "earnings-INITIAL_FORMS": "0",
    "earnings-0-what": "blueberries", "earnings-0-amount": "4 191,60",
    "deductions-TOTAL_FORMS": "3", "deductions-INITIAL_FORMS": "0",
    "deductions-0-what": "housing, food, car, flights", "deductions-0-amount": "4249,84",
    "loans-TOTAL_FORMS": "1", "loans-INITIAL_FORMS": "0",
}  # fmt: skip


def _nothing_kept(answer):
    """No session and no cookie but the CSRF token the language switcher needs (a random value, nothing personal)."""
    from django.contrib.sessions.models import Session

    assert set(answer.cookies) <= {"csrftoken"}
    assert not Session.objects.exists()


def _season_json(page: str) -> str:
    match = re.search(r'name="season" value="([^"]*)"', page)
    assert match, "no summary form"
    return html.unescape(match.group(1))


def test_the_start_page_links_the_three_tools_and_every_lesson(client):
    page = client.get("/prevention/").content.decode()
    for url in ("/prevention/job-advert/", "/prevention/pay/", "/prevention/learn/"):
        assert f'href="{url}"' in page
    for module in content.modules():
        assert f"/prevention/learn/{module.id}/" in page


def test_the_advert_check_marks_the_evidence_and_keeps_nothing(client):
    advert = "Babysitter wanted abroad, start immediately! Send a copy of your passport on WhatsApp only."
    answer = client.post("/prevention/job-advert/", {"advert": advert, "lang": "en"})
    page = answer.content.decode()
    assert answer.status_code == 200 and "<mark>" in page and "WhatsApp" in page
    _nothing_kept(answer)
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]


def test_an_empty_or_huge_advert_is_refused_with_the_field_named(client):
    assert client.post("/prevention/job-advert/", {"advert": ""}).status_code == 400
    answer = client.post("/prevention/job-advert/", {"advert": "x" * 20_001})
    assert answer.status_code == 400 and 'role="alert"' in answer.content.decode()


def test_the_pay_check_reads_numbers_as_finnish_writes_them_and_finds_the_debt(client):
    answer = client.post("/prevention/pay/", BERRY, HTTP_ACCEPT_LANGUAGE="fi")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "4191.60" in page and "4249.84" in page and "-58.24" in page
    assert 'id="flag-net_negative"' in page and 'id="flag-hours_above_max"' in page
    assert "/referral/services/fi-assistance-system-helpline/" in page  # help in that country, from the directory
    _nothing_kept(answer)


def test_the_example_link_fills_in_the_berry_picker(client):
    page = client.get("/prevention/pay/?example=berry").content.decode()
    assert 'value="4191.60"' in page and 'value="4249.84"' in page and "3139-3142" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("earnings-0-amount", "four thousand", "Write a number"), ("hours_per_day", "25", "hours_per_day")],
)
def test_a_bad_value_is_named_beside_its_field(client, field, value, message):
    answer = client.post("/prevention/pay/", BERRY | {field: value})
    assert answer.status_code == 400
    errors = re.findall(r'<p class="error"[^>]*>([^<]*)</p>', answer.content.decode())
    assert any(message in html.unescape(e) for e in errors), errors


def test_add_a_line_gives_one_more_empty_row_and_keeps_what_was_typed(client):
    page = client.post("/prevention/pay/", BERRY | {"more": "deductions"}).content.decode()
    assert 'name="deductions-3-amount"' in page and 'name="deductions-4-amount"' not in page
    assert 'value="4 191,60"' in page


SUMMARY_TITLES = [
    ("th", "ตรวจสอบค่าจ้างและหนี้"),
    ("sv", "Kontroll av lön och skulder"),
    ("uk", "Перевірка заробітку та боргів"),
    ("fi", "Palkka- ja velkatarkistus"),
]


@pytest.mark.parametrize(("lang", "title"), SUMMARY_TITLES)
def test_the_summary_is_in_the_workers_language(client, lang, title):
    season = _season_json(client.post("/prevention/pay/", BERRY).content.decode())
    page = client.post("/prevention/pay/summary/", {"season": season, "lang": lang, "format": "html"})
    text = page.content.decode()
    assert page.status_code == 200 and f'lang="{lang}"' in text and title in text and "-58.24" in text


def test_the_summary_downloads_as_pdf(client):
    season = _season_json(client.post("/prevention/pay/", BERRY).content.decode())
    answer = client.post("/prevention/pay/summary/", {"season": season, "lang": "uk", "format": "pdf"})
    assert answer["Content-Type"] == "application/pdf" and answer.content.startswith(b"%PDF")


def test_a_forged_summary_request_is_refused(client):
    assert client.post("/prevention/pay/summary/", {"season": "{not json", "lang": "en"}).status_code == 400
    assert client.post("/prevention/pay/summary/", {"season": '{"currency": 5}', "lang": "en"}).status_code == 400


def test_every_lesson_is_listed_and_opens(client):
    listing = client.get("/prevention/learn/").content.decode()
    for module in content.modules():
        assert module.text("en").title in html.unescape(listing)
        assert client.get(f"/prevention/learn/{module.id}/").status_code == 200


def test_the_quiz_is_graded_with_explanations_and_nothing_kept(client):
    module = content.modules()[0]
    right = {f"q-{q.id}": list(q.correct) for q in module.questions}
    answer = client.post(f"/prevention/learn/{module.id}/", right)
    page = answer.content.decode()
    total = len(module.questions)
    assert f"You got {total} of {total} right." in page
    assert page.count('class="verdict right"') == total
    _nothing_kept(answer)


def test_a_wrong_and_a_missing_answer_are_explained(client):
    module = content.modules()[0]
    first = module.questions[0]
    wrong = next(o for o in first.option_ids() if o not in first.correct)
    page = client.post(f"/prevention/learn/{module.id}/", {f"q-{first.id}": wrong}).content.decode()
    assert f"You got 0 of {len(module.questions)} right." in page and "The right answer:" in page
    assert "Not answered." in page


def test_an_option_that_does_not_exist_is_a_clear_error(client):
    module = content.modules()[0]
    answer = client.post(f"/prevention/learn/{module.id}/", {f"q-{module.questions[0].id}": "zz"})
    assert answer.status_code == 400 and "no option" in answer.content.decode()


def test_a_teacher_downloads_a_lesson_with_its_answer_key(client):
    module = content.modules()[0]
    answer = client.get(f"/prevention/learn/{module.id}/pdf/")
    assert answer["Content-Type"] == "application/pdf" and answer.content.startswith(b"%PDF")


def test_an_unknown_lesson_is_404(client):
    assert client.get("/prevention/learn/no-such-lesson/").status_code == 404


def test_the_summary_offers_the_five_languages(client):
    page = client.post("/prevention/pay/", BERRY).content.decode()
    for code in ("en", "fi", "sv", "th", "uk"):
        assert f'<option value="{code}" lang="{code}"' in page


def test_further_reading_without_a_link_is_text_not_an_empty_link(client):
    for module in content.modules():
        page = client.get(f"/prevention/learn/{module.id}/").content.decode()
        assert 'href=""' not in page, module.id


def test_pdfs_are_rate_limited_per_client_and_a_module_pdf_is_built_once(client, settings):
    from jes.referral.report_guard import Limit

    settings.JES_REPORT_LIMITS = {"pdf_client": Limit(1, 600)}
    module = content.modules()[0]
    assert client.get(f"/prevention/learn/{module.id}/pdf/").status_code == 200
    assert client.get(f"/prevention/learn/{module.id}/pdf/").status_code == 200  # from the cache, not counted
    season = _season_json(client.post("/prevention/pay/", BERRY).content.decode())
    refused = client.post("/prevention/pay/summary/", {"season": season, "lang": "en", "format": "pdf"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 600
    assert client.post("/prevention/pay/summary/", {"season": season, "lang": "en"}).status_code == 200  # page
