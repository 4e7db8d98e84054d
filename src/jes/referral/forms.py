"""Forms of the case workspace: the profile routing reads, referrals with consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jes.observatory.forms import CaseRecordForm

EXPLOITATION = [
    ("sexual", _("Sexual exploitation")),
    ("labour", _("Labour exploitation")),
    ("criminality", _("Forced criminality")),
    ("begging", _("Forced begging")),
    ("domestic_servitude", _("Domestic servitude")),
    ("forced_marriage", _("Forced marriage")),
    ("illegal_adoption", _("Illegal adoption")),
    ("organ_removal", _("Organ removal")),
]
NEEDS = [
    ("accommodation", _("Safety and accommodation")),
    ("medical", _("Medical care")),
    ("psychosocial", _("Psychosocial support")),
    ("legal", _("Legal advice")),
    ("interpretation", _("Interpretation")),
    ("return", _("Safe return")),
    ("integration", _("Integration")),
    ("information", _("Information")),
]
YES_NO_UNKNOWN = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


class ProfileForm(forms.Form):
    """Only what routing needs: no names, no documents, no contact details."""

    age = forms.IntegerField(label=_("Age (if known)"), min_value=0, max_value=120, required=False)
    place = forms.CharField(label=_("Town or region"), max_length=100, required=False)
    identified_by_police = forms.ChoiceField(
        label=_("Identified as a victim by the police?"), choices=YES_NO_UNKNOWN, required=False
    )
    cooperates_with_police = forms.ChoiceField(
        label=_("Cooperating with the police?"), choices=YES_NO_UNKNOWN, required=False
    )
    asylum_seeker = forms.ChoiceField(label=_("Seeking asylum?"), choices=YES_NO_UNKNOWN, required=False)
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), choices=EXPLOITATION, widget=forms.CheckboxSelectMultiple, required=False
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=NEEDS, widget=forms.CheckboxSelectMultiple, required=False
    )

    def profile(self) -> dict[str, Any]:
        """The profile in the shape `jes referral route --profile` reads; unknowns are left out."""
        data = self.cleaned_data
        profile: dict[str, Any] = {}
        if data.get("age") is not None:
            profile["age"] = data["age"]
        if data.get("place"):
            profile["place"] = data["place"]
        for key in ("identified_by_police", "cooperates_with_police", "asylum_seeker"):
            if data.get(key):
                profile[key] = data[key] == "yes"
        for key in ("exploitation", "needs"):
            if data.get(key):
                profile[key] = list(data[key])
        return profile


class ReferralForm(forms.Form):
    service_id = forms.CharField(widget=forms.HiddenInput, max_length=80)
    consent = forms.BooleanField(
        label=_("The person understood where they are referred, what will be shared, and agreed"), required=True
    )
    consent_note = forms.CharField(
        label=_("How consent was given (language, interpreter, written or spoken)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class ContributionForm(CaseRecordForm):
    """The observatory's case-record form plus the person's consent to an anonymous record."""

    consent = forms.BooleanField(
        label=_(
            "The person agreed that an anonymous record (these answers only, no name or reference) is added "
            "to the observatory's statistics"
        ),
        required=True,
    )

    def variables(self) -> dict[str, Any]:
        data = super().variables()
        data.pop("consent", None)
        return data
