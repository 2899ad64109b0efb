"""A consultation's documents: added and removed by its coordinators, downloaded by members
(an outsider gets a 404), always as an attachment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.consultations import selectors, services
from exchanges.consultations.access import get_consultation_for_member, require_document_manager
from exchanges.consultations.forms import DocumentForm
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_member(user=request.user, consultation_id=consultation_id)
    require_document_manager(consultation=consultation, user=request.user)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                consultation=consultation,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("consultations:documents", consultation.pk)
    return render(
        request,
        "exchanges/consultations/documents.html",
        {
            "consultation": consultation,
            "quartier": consultation.quartier,
            "form": form,
            "documents": list(consultation.documents.all()),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_remove(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    document = selectors.get_document_for_member(user=request.user, document_id=document_id)
    consultation = document.consultation
    require_document_manager(consultation=consultation, user=request.user)
    question = Question(
        title=_("Remove “%(title)s”?") % {"title": document.title},
        yes=_("Yes, remove"),
        back=consultation.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.document_remove(document=document, actor=request.user),
        _("The document is removed."),
        consultation.get_absolute_url(),
    )


@login_required
def document_download(request: AuthenticatedHttpRequest, document_id: int) -> StreamingHttpResponse:
    document = selectors.get_document_for_member(user=request.user, document_id=document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
