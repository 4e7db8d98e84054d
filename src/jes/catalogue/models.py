"""The catalogue's domain model: one table per template of the national reports.

Entry holds what every template shares (country, section, title, links, tags,
seed line, folded search text); each template is a child model with the
fields named as the report names them (multi-table inheritance), so search
and facets run over one table while each template keeps its own columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .content.schema import ACTIONS, COUNTRIES, FORMS, SECTIONS, TARGET_GROUPS
from .content.text import fold

COUNTRY_CHOICES = list(COUNTRIES.items())
SECTION_CHOICES = list(SECTIONS.items())


def cite_names(names: list[str]) -> str:
    """Names as a sentence cites them: "A and B", "A, B and C"; "et al." stays attached."""
    if names and names[-1].strip().lower() in {"et al.", "et al"}:
        return f"{cite_names(names[:-1])} et al."
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class TagKind(models.TextChoices):
    FORM = "form", "Form of exploitation"
    TARGET = "target", "Target group"
    ACTION = "action", "Type of action"


TAG_VOCABULARIES = {TagKind.FORM: FORMS, TagKind.TARGET: TARGET_GROUPS, TagKind.ACTION: ACTIONS}


class Tag(models.Model):
    kind = models.CharField(max_length=10, choices=TagKind.choices)
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="tag_kind_code_unique")]
        ordering = ["kind", "label"]

    def __str__(self) -> str:
        return self.label


class EntryQuerySet(models.QuerySet["Entry"]):
    def in_report_order(self) -> EntryQuerySet:
        return self.order_by("country_order", "section_order", "row", "seed_line", "id")

    def for_country(self, code: str) -> EntryQuerySet:
        return self.filter(country=code)

    def search(self, text: str) -> EntryQuerySet:
        from .search import search

        return search(self, text)


class Entry(models.Model):
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, db_index=True)
    section = models.CharField(max_length=24, choices=SECTION_CHOICES, db_index=True)
    # Denormalised positions so the report order is a plain ORDER BY.
    country_order = models.PositiveSmallIntegerField(default=0, editable=False)
    section_order = models.PositiveSmallIntegerField(default=0, editable=False)
    row = models.PositiveIntegerField(null=True, blank=True, help_text="Row number in the seed table")
    title = models.CharField(max_length=1000, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    links = models.JSONField(default=list, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    seed_line = models.PositiveIntegerField(null=True, blank=True, help_text="Line of the seed report it came from")
    missing = models.JSONField(default=list, blank=True, help_text="Fields the OCR of the seed lost")
    notes = models.TextField(blank=True)
    search_text = models.TextField(blank=True, editable=False)
    # The title a list shows ("Bučar Ručman and Frangež (2014)" when the template has none),
    # kept on the row so result lists need none of the template tables.
    label = models.CharField(max_length=1000, blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["country_order", "section_order", "row", "seed_line"])]

    def __str__(self) -> str:
        return f"{self.country} {self.section}: {self.display_title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.country_order = list(COUNTRIES).index(self.country)
        self.section_order = list(SECTIONS).index(self.section)
        self.search_text = fold(" ".join(v for v in self.text_fields() if v))
        self.label = self._compute_label()[:1000]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("catalogue:entry", args=[self.pk])

    @property
    def display_title(self) -> str:
        return self.label or self._compute_label()

    def _compute_label(self) -> str:
        if self.title:
            return self.title
        detail = self.detail
        names = getattr(detail, "authors", "") or getattr(detail, "writers", "")
        authors = cite_names([n for n in names.split("; ") if n]) or getattr(detail, "author_organisation", "")
        label = getattr(detail, "year_label", "") or (str(self.year) if self.year else "")
        return f"{authors} ({label})" if label else authors or f"Entry {self.pk}"

    @property
    def detail(self) -> Entry:
        """The child row with the template's own fields."""
        model = SECTION_MODELS[self.section]
        if isinstance(self, model):
            return self
        return getattr(self, model.__name__.lower(), self)

    def text_fields(self) -> list[str]:
        detail = self.detail
        values = [self.title, self.notes, " ".join(self.links), str(self.year or "")]
        for name in TEMPLATE_FIELDS[self.section]:
            value = getattr(detail, name, "")
            values.append(" ".join(value) if isinstance(value, list) else str(value or ""))
        return values


class Study(Entry):
    authors = models.TextField(blank=True, help_text="As cited: surnames and initials, separated by semicolons")
    year_label = models.CharField(max_length=20, blank=True)
    purpose = models.TextField("study purpose", blank=True)
    study_type = models.CharField(max_length=200, blank=True)
    data_collection = models.TextField(blank=True)
    participants_sampling = models.TextField("participants and sampling", blank=True)
    main_findings = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "studies"


class Project(Entry):
    author_organisation = models.TextField("author or organisation", blank=True)
    acronym = models.CharField(max_length=100, blank=True)
    programme = models.TextField("programme or funder", blank=True)
    period = models.CharField(max_length=200, blank=True)
    implementation_level = models.TextField(blank=True)
    main_objective = models.TextField(blank=True)
    history = HistoricalRecords()


class Practice(Entry):
    aims = models.TextField(blank=True)
    period = models.CharField(max_length=200, blank=True)
    activities = models.TextField(blank=True)
    results = models.TextField(blank=True)
    history = HistoricalRecords()


class Initiative(Entry):
    programme = models.TextField(blank=True)
    type = models.TextField(blank=True)
    aims = models.TextField(blank=True)
    period = models.CharField(max_length=200, blank=True)
    implementation_level = models.TextField(blank=True)
    main_results = models.TextField(blank=True)
    history = HistoricalRecords()


class CaseStudy(Entry):
    narrative = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "case studies"


class StudentContribution(Entry):
    writers = models.TextField(blank=True, help_text="Separated by semicolons")
    writer_country = models.CharField("country", max_length=100, blank=True)
    product_type = models.CharField("type of product", max_length=200, blank=True)
    summary = models.TextField(blank=True)
    history = HistoricalRecords()


def _register_search_lookup() -> None:
    from .search import FullTextMatch

    Entry._meta.get_field("id").register_lookup(FullTextMatch)


_register_search_lookup()

SECTION_MODELS: dict[str, type[Entry]] = {
    "research": Study,
    "project": Project,
    "practice": Practice,
    "other": Initiative,
    "case_study": CaseStudy,
    "student_contribution": StudentContribution,
}

# The template columns of each section, in the report's column order.
TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    "research": (
        "authors",
        "year_label",
        "purpose",
        "study_type",
        "data_collection",
        "participants_sampling",
        "main_findings",
    ),
    "project": ("author_organisation", "acronym", "programme", "period", "implementation_level", "main_objective"),
    "practice": ("aims", "period", "activities", "results"),
    "other": ("programme", "type", "aims", "period", "implementation_level", "main_results"),
    "case_study": ("narrative", "sources"),
    "student_contribution": ("writers", "writer_country", "product_type", "summary"),
}


class Statistic(models.Model):
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, db_index=True)
    what = models.CharField(max_length=500)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    value_text = models.CharField(max_length=40, blank=True, help_text="The value as the source writes it")
    unit = models.CharField(max_length=100)
    period = models.CharField(max_length=50)
    place = models.CharField(max_length=200)
    source = models.CharField(max_length=500)
    graph = models.CharField(max_length=40, blank=True, db_index=True)
    seed_line = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "seed_line", "id"]

    def __str__(self) -> str:
        return f"{self.what}: {self.value_display} {self.unit} ({self.period}, {self.place})"

    @property
    def value_display(self) -> str:
        return self.value_text or format(self.value.normalize(), "f")


class PrismaRow(models.Model):
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    position = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=20)
    label = models.CharField(max_length=300)
    value = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    seed_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["country", "position"]

    def __str__(self) -> str:
        return f"{self.country} {self.stage}: {self.label} = {self.value}"


class ReportText(models.Model):
    """Prose of the report that is not a catalogue entry: prefaces, methods, table titles."""

    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    key = models.SlugField(max_length=60)
    heading = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    seed_line = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "position"]
        constraints = [models.UniqueConstraint(fields=["country", "key"], name="reporttext_country_key_unique")]

    def __str__(self) -> str:
        return f"{self.country}: {self.heading}"


class Reference(models.Model):
    key = models.SlugField(max_length=120, unique=True)
    authors = models.JSONField(default=list)
    year = models.CharField(max_length=20)
    title = models.CharField(max_length=1000, blank=True)
    container = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    type = models.CharField(max_length=20, default="other")
    cited_at = models.JSONField(default=list)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{'; '.join(self.authors)} ({self.year})"


class EditorProfile(models.Model):
    """Which country's entries an editor may change."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)

    def __str__(self) -> str:
        return f"{self.user} ({self.country})"
