"""The search strategy page: run a search history over the records, keep the runs, load a saved strategy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import search_runs as service
from ..access import is_lead, project_for
from ..models import ReviewProject, SearchRun


class StrategyForm(forms.Form):
    queries = forms.CharField(
        label=gettext_lazy("Search history: one query per line; #1, #2 … refer to earlier lines"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "queries", "spellcheck": "false", "autocapitalize": "off"}),
    )
    source = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Records from"), empty_label=gettext_lazy("All sources")
    )
    name = forms.CharField(label=gettext_lazy("Name of this search (optional)"), max_length=200, required=False)

    def __init__(self, project: ReviewProject, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = project.sources.all()  # type: ignore[attr-defined]

    def lines(self) -> list[str]:
        return service.split_lines(self.cleaned_data["queries"])


def _loaded(request: HttpRequest, project: ReviewProject) -> dict[str, Any]:
    """What the form starts with: a shipped strategy (?strategy=NAME) or an earlier run (?run=ID)."""
    if name := request.GET.get("strategy"):
        # Only shipped strategies by name: the page never opens a path the client names.
        strategy = next((s for s in service.saved_strategies() if s.name == name), None)
        if strategy is None:
            return {"load_error": _("No such saved strategy.")}
        source = project.sources.filter(name__iexact=strategy.database).first()
        initial = {"queries": "\n".join(strategy.queries), "name": strategy.name, "source": source}
        return {"initial": initial, "strategy": strategy}
    if (run_id := request.GET.get("run", "")).isdigit():
        run = project.search_runs.filter(pk=int(run_id)).select_related("source", "run_by").first()
        if run is not None:
            queries = "\n".join(line["query"] for line in run.lines)
            return {"initial": {"queries": queries, "name": run.name, "source": run.source}, "run": run}
    return {}


def _context(project: ReviewProject, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "project": project,
        "lead": is_lead(project, request.user),
        "strategies": service.saved_strategies(),
        "history": project.search_runs.select_related("source", "run_by")[:50],
        "n_records": service.searched_records(project).count(),
        **extra,
    }


@login_required
def strategy_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    if request.method == "POST":
        return _post(request, project)
    loaded = _loaded(request, project)
    form = StrategyForm(project, initial=loaded.pop("initial", {}))
    return render(request, "review/strategy.html", _context(project, request, form=form, **loaded))


def _post(request: HttpRequest, project: ReviewProject) -> HttpResponse:
    highlight = "highlight" in request.POST
    if highlight:
        project = project_for(request.user, project.pk, lead=True)
    form = StrategyForm(project, request.POST)
    if not form.is_valid():
        return render(request, "review/strategy.html", _context(project, request, form=form), status=400)
    try:
        if highlight:
            patterns = service.set_highlighting(project, form.lines(), user=request.user)
        else:
            run: SearchRun = service.run_search(
                project,
                form.lines(),
                user=request.user,
                source=form.cleaned_data["source"],
                name=form.cleaned_data["name"],
            )
    except service.LineError as error:
        form.fields["queries"].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "query-error"})
        context = _context(project, request, form=form, line_error=error, caret=" " * (error.position or 0) + "^")
        return render(request, "review/strategy.html", context, status=400)
    if highlight:
        n = len(patterns)
        done = ngettext(
            "Screening now highlights %(n)s term of this strategy.",
            "Screening now highlights %(n)s terms of this strategy.",
            n,
        ) % {"n": n}
        return render(request, "review/strategy.html", _context(project, request, form=form, done=done))
    return redirect(reverse("review:strategy", args=[project.pk]) + f"?run={run.pk}#results")


urlpatterns = [path("<int:pk>/strategy/", strategy_page, name="strategy")]
