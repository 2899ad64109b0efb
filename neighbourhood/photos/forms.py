from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A hint to the phone's file picker only: the type is read from the file's content.
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif"


class PhotoForm(forms.Form):
    """A photo and what it shows. The file's checks (its type read from its content, its size,
    its pixels) and the limit of six are the service's: the form only asks."""

    file = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose a photo to add."),
            "empty": _("This file is empty: choose a photo."),
        },
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        help_text=_("In a few words, for those who cannot see it: “A blue drill with its case”."),
        error_messages={
            "required": _("Describe the photo in a few words, for those who cannot see it.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "JPEG, PNG, WebP or HEIC (from a phone), at most %(megabytes)d MB."
        ) % {"megabytes": settings.PHOTO_MAX_BYTES // 1_000_000}
