"""Documents given as background: PDFs only, checked by their content (not by their name or
the type the browser claims), at most 10 MB."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.consultations.access import require_document_manager
from exchanges.consultations.models import DOCUMENT_TITLE_MAX_LENGTH, Consultation, Document
from neighbourhood.accounts.models import User

MAX_SIZE = 10 * 1024 * 1024
# A PDF ends with %%EOF, give or take a few bytes of line endings and padding.
TRAILER_WINDOW = 1024


def check_pdf(upload: UploadedFile) -> None:
    """Raises ValidationError in words unless ``upload`` is a PDF of at most 10 MB."""
    if upload.size is None or upload.size > MAX_SIZE:
        raise ValidationError({"file": [_("A document is at most 10 MB.")]})
    upload.seek(0)
    head = upload.read(5)
    if head != b"%PDF-":
        raise ValidationError(
            {"file": [_("This file is not a PDF: only PDF documents are taken.")]}
        )
    upload.seek(max(upload.size - TRAILER_WINDOW, 0))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(
            {"file": [_("This PDF looks cut short or damaged: try saving it again.")]}
        )


@transaction.atomic
def document_add(
    *, consultation: Consultation, actor: User, title: str, upload: UploadedFile
) -> Document:
    require_document_manager(consultation=consultation, user=actor)
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the document a title.")]})
    if len(title) > DOCUMENT_TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": [
                    _("A title is at most %(count)d characters long.")
                    % {"count": DOCUMENT_TITLE_MAX_LENGTH}
                ]
            }
        )
    check_pdf(upload)
    document = Document(
        consultation=consultation, title=title, size=upload.size or 0, uploaded_by=actor
    )
    document.file.save(
        f"consultations/{consultation.pk}/{uuid.uuid4().hex}.pdf", upload, save=False
    )
    document.save()
    return document


@transaction.atomic
def document_remove(*, document: Document, actor: User) -> None:
    require_document_manager(consultation=document.consultation, user=actor)
    name = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
