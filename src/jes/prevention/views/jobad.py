"""The job-advert check: paste an advert, see its warning signs explained and marked in the text. Nothing is kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import content
from ..checks import jobad

MAX_ADVERT = 20_000
LANGUAGES = [("", _("Detect automatically")), ("en", "English"), ("sl", "Slovenščina"), ("it", "Italiano"),
             ("es", "Español"), ("fi", "Suomi"), ("nl", "Nederlands"), ("fr", "Français"), ("uk", "Українська"),
             ("ro", "Română")]  # fmt: skip


class AdvertForm(forms.Form):
    advert = forms.CharField(
        label=_("The job advert (paste its text)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_ADVERT,
    )
    lang = forms.ChoiceField(label=_("Language of the advert"), choices=LANGUAGES, required=False)


def highlighted(text: str, flags: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The advert cut into (piece, flag number or None), so the template can mark each piece of evidence."""
    spans: list[tuple[int, int, str]] = []
    for number, flag in enumerate(flags, start=1):
        spans += [(e["start"], e["end"], str(number)) for e in flag.get("evidence", [])]
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for start, end, number in sorted(spans):
        if start < position or end <= start:
            continue  # overlapping evidence: the first mark wins, the text is never repeated
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], number))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


@csrf_exempt  # checking an advert changes nothing on the server; no cookie is needed to use it
@never_cache
def check(request: HttpRequest) -> HttpResponse:
    form = AdvertForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["advert"]
        result = jobad.check_advert(text, form.cleaned_data["lang"] or None, rules=content.jobad_rules())
        data = result.to_json()
        context |= {"result": data, "pieces": highlighted(text, data["flags"])}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "prevention/jobad.html", context, status=status)
