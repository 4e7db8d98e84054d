"""Editing through the Django admin: editors change only their own country's entries; every edit is kept.

django-simple-history stores a full version of the row for every change (who and when);
Django's own LogEntry records which fields changed. Both show in each entry's History page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import SECTION_MODELS, EditorProfile, Reference, ReportText, Statistic


def editor_country(request: HttpRequest) -> str | None:
    """None for a superuser (all countries); the editor's country; '' for staff without a country."""
    if request.user.is_superuser:
        return None
    profile = getattr(request.user, "editor", None)
    return profile.country if profile else ""


class CountryScopedAdmin(SimpleHistoryAdmin):
    list_filter: tuple[str, ...] = ("country",)
    search_fields: tuple[str, ...] = ("title", "search_text")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        country = editor_country(request)
        return qs if country is None else qs.filter(country=country)

    def _own(self, request: HttpRequest, obj: Any) -> bool:
        country = editor_country(request)
        return country is None or (bool(country) and (obj is None or obj.country == country))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._own(request, None)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        country = editor_country(request)
        if db_field.name == "country" and country:
            kwargs["choices"] = [(c, label) for c, label in db_field.choices if c == country]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class EntryAdmin(CountryScopedAdmin):
    list_display = ("__str__", "country", "row", "year", "seed_line", "updated")
    list_filter = ("country", "tags")
    filter_horizontal = ("tags",)
    readonly_fields = ("seed_line", "updated")
    exclude = ("section",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.section = next(s for s, m in SECTION_MODELS.items() if isinstance(obj, m))
        super().save_model(request, obj, form, change)


for model in SECTION_MODELS.values():
    admin.site.register(model, EntryAdmin)


@admin.register(Statistic)
class StatisticAdmin(CountryScopedAdmin):
    list_display = ("what", "value", "unit", "period", "place", "source")
    search_fields = ("what", "source")


@admin.register(ReportText)
class ReportTextAdmin(CountryScopedAdmin):
    list_display = ("country", "key", "heading", "position")
    search_fields = ("heading", "text")


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("key", "year", "title")
    search_fields = ("key", "title")


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "country")
