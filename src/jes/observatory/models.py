"""Observatory case records: one row per victim record, reduced to the variables of a published standard.

The variables follow CTDC's data dictionary and IOM's Human Trafficking Case Data Standard (HTCDS): year of
registration, gender, age band, citizenship and country of exploitation (UN region, and ISO 3166-1 alpha-3
code when a source gives countries), forms of exploitation, means of control, recruiter relation and the
data source. There is deliberately no field for a name, an identity number or free text about a person.

A missing value is NULL (CTDC: an empty cell), never a guess: NULL rather than "" on purpose (hence the
DJ001 exemptions), so that "not recorded" is one value in every aggregate and never a label.

Forms of exploitation are kept twice: as the standard's list (`forms`) and as one boolean column per form
that sources report, so that "victims by form" is a plain indexed COUNT on every database (SQLite has no
JSON-containment lookup).
"""

from __future__ import annotations

import re

from django.db import models


class Form(models.TextChoices):
    """Forms of exploitation the importers know (HTCDS / CTDC names)."""

    FORCED_LABOUR = "forced_labour", "Forced labour"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"
    FORCED_CRIMINALITY = "forced_criminality", "Forced criminality"
    FORCED_BEGGING = "forced_begging", "Forced begging"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    FORCED_MARRIAGE = "forced_marriage", "Forced marriage"
    ILLEGAL_ADOPTION = "illegal_adoption", "Illegal adoption"
    ORGAN_REMOVAL = "organ_removal", "Organ removal"
    OTHER = "other", "Other exploitation"


# Each form with the boolean column that mirrors it (kept in step by `CaseRecord.set_forms`).
FORM_FIELDS: dict[str, str] = {
    Form.FORCED_LABOUR: "is_forced_labour",
    Form.SEXUAL_EXPLOITATION: "is_sexual_exploitation",
    Form.FORCED_CRIMINALITY: "is_forced_criminality",
    Form.FORCED_BEGGING: "is_forced_begging",
    Form.DOMESTIC_SERVITUDE: "is_domestic_servitude",
    Form.FORCED_MARRIAGE: "is_forced_marriage",
    Form.ILLEGAL_ADOPTION: "is_illegal_adoption",
    Form.ORGAN_REMOVAL: "is_organ_removal",
    Form.OTHER: "is_other_exploitation",
}


class MeansOfControl(models.TextChoices):
    """Means of control by their HTCDS 2.0 value names (CTDC's global data: the meansOfControl* columns)."""

    DEBT_BONDAGE = "DebtBondage", "Debt bondage"
    TAKES_EARNINGS = "TakesEarnings", "Takes earnings"
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", "Restricts financial access"
    THREATS = "Threats", "Threats"
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", "Psychological abuse"
    PHYSICAL_ABUSE = "PhysicalAbuse", "Physical abuse"
    SEXUAL_ABUSE = "SexualAbuse", "Sexual abuse"
    FALSE_PROMISES = "FalsePromises", "False promises"
    PSYCHOACTIVE_SUBSTANCES = "PsychoactiveSubstances", "Psychoactive substances"
    RESTRICTS_MOVEMENT = "RestrictsMovement", "Restricts movement"
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", "Restricts medical care"
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", "Excessive working hours"
    USES_CHILDREN = "UsesChildren", "Threats against or use of children"
    THREAT_OF_LAW_ENFORCEMENT = "ThreatOfLawEnforcement", "Threat of law enforcement"
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", "Withholds necessities"
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", "Withholds documents"
    OTHER = "Other", "Other means"


def _column(name: str) -> str:
    return "moc_" + re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# Each means of control with the boolean column that mirrors it, as for forms (kept in step by `set_means`).
MEANS_FIELDS: dict[str, str] = {m.value: _column(m.value) for m in MeansOfControl}


def means_flags(means: list[str]) -> dict[str, bool]:
    """The boolean columns for a list of means, every column present (bulk inserts need the same keys)."""
    return {field: value in means for value, field in MEANS_FIELDS.items()}


class ImportBatch(models.Model):
    """One imported file: what was read, kept and rejected (the rejected rows' reasons in `problems`)."""

    file_name = models.CharField(max_length=300)
    format = models.CharField(max_length=20)
    policy = models.CharField(max_length=20, default="strict", help_text="strict or skip-invalid")
    sha256 = models.CharField(max_length=64, db_index=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="the first rejected rows: file, row, column, value")
    imported = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows_imported} of {self.rows_read} rows)"


class CaseRecord(models.Model):
    """One victim record to the standard's variables. No name, no identity number, no free text."""

    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="cases")
    data_source = models.CharField(max_length=30, help_text='where the record comes from, e.g. "ctdc"')
    source_row = models.PositiveIntegerField(null=True, blank=True, help_text="row of the imported file")
    # CTDC publishes banded years ("2014-2018"); the label is kept as published, with its bounds for ranges.
    year_label = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=30, null=True, blank=True)  # noqa: DJ001
    age_band = models.CharField(max_length=20, null=True, blank=True, help_text="CTDC majorityStatus: Adult/Minor")  # noqa: DJ001
    citizenship_region = models.CharField(max_length=40, null=True, blank=True, help_text="UN region")  # noqa: DJ001
    exploitation_region = models.CharField(max_length=40, null=True, blank=True, help_text="UN region")  # noqa: DJ001
    citizenship = models.CharField(max_length=3, null=True, blank=True, help_text="ISO 3166-1 alpha-3")  # noqa: DJ001
    country_of_exploitation = models.CharField(max_length=3, null=True, blank=True, help_text="ISO 3166-1 alpha-3")  # noqa: DJ001
    forms = models.JSONField(default=list, blank=True, help_text="forms of exploitation (Form values)")
    is_forced_labour = models.BooleanField(default=False)
    is_sexual_exploitation = models.BooleanField(default=False)
    # The forms the EU Anti-Trafficking Directive (2011/36/EU as amended by 2024/1712) and HTCDS name besides
    # those two; CTDC's condensed file reports only the first two, so these stay False for its rows (db_default:
    # the bulk importers write only the columns their format has).
    is_forced_criminality = models.BooleanField(default=False, db_default=False)
    is_forced_begging = models.BooleanField(default=False, db_default=False)
    is_domestic_servitude = models.BooleanField(default=False, db_default=False)
    is_forced_marriage = models.BooleanField(default=False, db_default=False)
    is_illegal_adoption = models.BooleanField(default=False, db_default=False)
    is_organ_removal = models.BooleanField(default=False, db_default=False)
    is_other_exploitation = models.BooleanField(default=False, db_default=False)
    means_of_control = models.JSONField(default=list, blank=True, help_text="MeansOfControl values")
    # One boolean per means of control, so that "victims by means of control" is a plain COUNT (as for forms).
    moc_debt_bondage = models.BooleanField(default=False, db_default=False)
    moc_takes_earnings = models.BooleanField(default=False, db_default=False)
    moc_restricts_financial_access = models.BooleanField(default=False, db_default=False)
    moc_threats = models.BooleanField(default=False, db_default=False)
    moc_psychological_abuse = models.BooleanField(default=False, db_default=False)
    moc_physical_abuse = models.BooleanField(default=False, db_default=False)
    moc_sexual_abuse = models.BooleanField(default=False, db_default=False)
    moc_false_promises = models.BooleanField(default=False, db_default=False)
    moc_psychoactive_substances = models.BooleanField(default=False, db_default=False)
    moc_restricts_movement = models.BooleanField(default=False, db_default=False)
    moc_restricts_medical_care = models.BooleanField(default=False, db_default=False)
    moc_excessive_working_hours = models.BooleanField(default=False, db_default=False)
    moc_uses_children = models.BooleanField(default=False, db_default=False)
    moc_threat_of_law_enforcement = models.BooleanField(default=False, db_default=False)
    moc_withholds_necessities = models.BooleanField(default=False, db_default=False)
    moc_withholds_documents = models.BooleanField(default=False, db_default=False)
    moc_other = models.BooleanField(default=False, db_default=False)
    # CTDC IP_Relation: the victim's relation to the perpetrator; several are joined with ";" as CTDC does.
    recruiter_relation = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001
    # The source's other standard variables that are not dimensions (CTDC: the perpetrator columns).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["year_label"], name="obs_case_year"),
            models.Index(fields=["gender"], name="obs_case_gender"),
            models.Index(fields=["age_band"], name="obs_case_age"),
            models.Index(fields=["citizenship_region"], name="obs_case_coo_region"),
            models.Index(fields=["exploitation_region"], name="obs_case_coe_region"),
            models.Index(fields=["citizenship"], name="obs_case_coo"),
            models.Index(fields=["country_of_exploitation"], name="obs_case_coe"),
            models.Index(fields=["recruiter_relation"], name="obs_case_relation"),
            models.Index(fields=["is_forced_labour"], name="obs_case_fl"),
            models.Index(fields=["is_sexual_exploitation"], name="obs_case_se"),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.data_source})"

    def set_means(self, means: list[str]) -> None:
        """Set the list and its boolean columns together."""
        self.means_of_control = list(means)
        for field, value in means_flags(means).items():
            setattr(self, field, value)

    def set_forms(self, forms: list[str]) -> None:
        """Set the list and its boolean columns together."""
        self.forms = list(forms)
        for form, field in FORM_FIELDS.items():
            setattr(self, field, form in forms)


class FigureOrigin(models.TextChoices):
    SEED = "seed", "Joint research report"
    GLOTIP = "glotip", "UNODC GLOTIP"


class PublishedFigure(models.Model):
    """An aggregate someone else already published (a report's figure, UNODC's GLOTIP table), with its source.

    These are not case records: they are shown as their publisher gave them (UNODC's "<5" stays "<5", a
    percentage stays a percentage), never re-suppressed, never mixed into the counts of case records.
    """

    origin = models.CharField(max_length=10, choices=FigureOrigin.choices, db_index=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(max_length=300, help_text='what is counted, e.g. "Detected trafficking victims"')
    dimension = models.CharField(max_length=60, blank=True, help_text='GLOTIP: "Total", "by form of exploitation"')
    category = models.CharField(max_length=120, blank=True, help_text='GLOTIP: "Forced labour", a region ...')
    sex = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=30, blank=True)
    country = models.CharField(max_length=3, blank=True, db_index=True, help_text="ISO 3166-1 alpha-3, if one")
    place = models.CharField(max_length=200, help_text="the place as the source names it")
    period = models.CharField(max_length=50, help_text='as published: "2022", "2010-2022"')
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True, help_text="null if masked")
    value_text = models.CharField(max_length=40, help_text='the value as published, e.g. "1,011" or "<5"')
    unit = models.CharField(max_length=100)
    source = models.CharField(max_length=500, help_text="citation")
    source_row = models.PositiveIntegerField(null=True, blank=True, help_text="row of the imported file")
    seed_line = models.PositiveIntegerField(null=True, blank=True)
    graph = models.CharField(max_length=40, blank=True, help_text="the seed's graph this point belongs to")

    class Meta:
        ordering = ["origin", "country", "indicator", "year_start", "id"]
        indexes = [
            models.Index(fields=["origin", "indicator", "dimension", "country", "year_start"], name="obs_fig_series"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value_text} ({self.period}, {self.place})"
