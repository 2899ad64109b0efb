"""The import of a contract's subscriptions, in two steps without JavaScript: the file is
uploaded and read in a dry run; the page then carries its content, signed, in a hidden field,
so that "Import" imports exactly what the coordinator read in the report, and nothing a
browser could have changed meanwhile."""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from exchanges.produce.models import Contract
from exchanges.produce.services.import_table import MAX_BYTES
from neighbourhood.accounts.models import User

CONFIRM_HOURS = 2


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The CSV file (at most 1 MB and 2,000 lines)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def content(self) -> bytes:
        """The file's bytes, one more than allowed at most: the service says it is too big."""
        return bytes(self.cleaned_data["file"].read(MAX_BYTES + 1))


def _salt(contract: Contract, user: User) -> str:
    return f"produce.import.{contract.pk}.{user.pk}"


def signed_content(raw: bytes, *, contract: Contract, user: User) -> str:
    text = base64.b64encode(raw).decode()
    return signing.dumps(text, salt=_salt(contract, user), compress=True)


class ImportConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: object, contract: Contract, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.salt = _salt(contract, user)

    def clean_content(self) -> bytes:
        try:
            text = signing.loads(
                self.cleaned_data["content"], salt=self.salt, max_age=CONFIRM_HOURS * 3600
            )
            return base64.b64decode(text, validate=True)
        except (signing.BadSignature, binascii.Error, TypeError) as error:
            raise forms.ValidationError(
                _("This confirmation has expired or was altered: upload the file again."),
                code="signature",
            ) from error
