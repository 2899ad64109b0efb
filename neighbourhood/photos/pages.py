"""The page where the owner of a subject (an object, a coup de main) adds and removes its photos:
plain forms, POST and redirect, no script needed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.photos import selectors, services
from neighbourhood.photos.forms import PhotoForm
from neighbourhood.photos.models import MAX_PER_SUBJECT
from neighbourhood.photos.subjects import photo_subject

# The service's names for what the form calls otherwise.
FORM_FIELDS = {"upload": "file", "alt_text": "alt_text"}


def manage_url(subject: str, subject_id: int) -> str:
    return reverse("photos:manage", kwargs={"subject": subject, "subject_id": subject_id})


@login_required
@require_http_methods(["GET", "POST"])
def photos_manage(request: AuthenticatedHttpRequest, subject: str, subject_id: int) -> HttpResponse:
    target = selectors.get_subject_for_editing(
        user=request.user, subject=subject, subject_id=subject_id
    )
    form = PhotoForm()
    status = 200
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.photo_add(
                    subject=target,
                    owner=request.user,
                    upload=form.cleaned_data["file"],
                    alt_text=form.cleaned_data["alt_text"],
                )
            except ValidationError as refused:
                _show(form, refused)
            else:
                messages.success(request, _("The photo was added."))
                return redirect(manage_url(subject, subject_id))
        status = 400
    photos = list(selectors.photos_of(subject=target))
    context = {
        "subject": target,
        "subject_key": subject,
        "back_url": photo_subject(subject).url_of(target),
        "photos": photos,
        "form": form,
        "can_add": len(photos) < MAX_PER_SUBJECT,
        "max_photos": MAX_PER_SUBJECT,
    }
    return render(request, "photos/manage.html", context, status=status)


def _show(form: PhotoForm, refused: ValidationError) -> None:
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused)
        return
    for name, errors in refused.error_dict.items():
        form.add_error(FORM_FIELDS.get(name), errors)


@login_required
@require_POST
def photo_remove(request: AuthenticatedHttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.get_photo_for_owner(user=request.user, photo_id=photo_id)
    back = manage_url(selectors.subject_of(photo).key, photo.object_id)
    services.photo_delete(photo=photo, actor=request.user)
    messages.success(request, _("The photo was removed."))
    return redirect(back)
