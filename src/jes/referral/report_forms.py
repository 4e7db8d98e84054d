"""Forms of the anonymous report pages: plain words, every field but one optional."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportStatus
from .report_photos import MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoError, clean_photo
from .reporting import receiving_organisations


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS JPEG or PNG photos, cleaned of all metadata when the form is validated."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"accept": "image/jpeg,image/png"}
        super().__init__(widget=MultiplePhotoInput(attrs=attrs), required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[bytes]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("You can send up to %(n)d photos.") % {"n": MAX_PHOTOS})
        cleaned = []
        for upload in files:
            if upload.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(_("Each photo can be at most %(mb)d MB.") % {"mb": MAX_PHOTO_BYTES >> 20})
            try:
                cleaned.append(clean_photo(upload.read()))
            except PhotoError:
                raise forms.ValidationError(_("Only JPEG and PNG photos can be sent.")) from None
        return cleaned


class _Tokened(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class ReportForm(_Tokened):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Who should receive your report?"),
        empty_label=_("Choose an organisation"),
        help_text=_("Each organisation works in one country. Only that organisation can read your report."),
    )
    what = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("Write in your own words. You do not need to give your name."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )
    where = forms.CharField(
        label=_("Where did it happen? (you can leave this empty)"),
        required=False,
        max_length=500,
        help_text=_("For example a town, a street, a workplace or a website."),
    )
    when = forms.CharField(
        label=_("When did it happen? (you can leave this empty)"),
        required=False,
        max_length=200,
        help_text=_("For example “last Friday evening” or “every day since March”."),
    )
    photos = PhotosField(
        label=_("Photos (you can leave this empty)"),
        help_text=_("Up to 3 JPEG or PNG photos. We remove the place, the date and the camera details hidden in them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = receiving_organisations()
        field.label_from_instance = lambda org: f"{org.name} ({org.get_country_display()})"


class ReceiptForm(_Tokened):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_("The 16 numbers you got when you sent your report. Spaces do not matter."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AddInformationForm(_Tokened):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(label=_("Add more information"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000)
    photos = PhotosField(
        label=_("Photos (you can leave this empty)"),
        help_text=_("Up to 3 JPEG or PNG photos. We remove the place, the date and the camera details hidden in them."),
    )


class UnlockForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Organisation passphrase"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        strip=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the reporter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_(
            "Anyone who holds the receipt code can read this reply, perhaps not only the reporter: "
            "write nothing that would put them in danger if someone else read it."
        ),
    )
