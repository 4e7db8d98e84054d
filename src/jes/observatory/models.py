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

from django.db import models


class Form(models.TextChoices):
    """Forms of exploitation the importers know (HTCDS / CTDC names)."""

    FORCED_LABOUR = "forced_labour", "Forced labour"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"


# Each form with the boolean column that mirrors it (kept in step by `CaseRecord.set_forms`).
FORM_FIELDS: dict[str, str] = {
    Form.FORCED_LABOUR: "is_forced_labour",
    Form.SEXUAL_EXPLOITATION: "is_sexual_exploitation",
}


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
    means_of_control = models.JSONField(default=list, blank=True)
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

    def set_forms(self, forms: list[str]) -> None:
        """Set the list and its boolean columns together."""
        self.forms = list(forms)
        for form, field in FORM_FIELDS.items():
            setattr(self, field, form in forms)
