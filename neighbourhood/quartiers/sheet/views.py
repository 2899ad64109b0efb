"""The sheet's pages: the print-friendly page (members), its PDF (coordinators), the page where
a code from the sheet opens its item (members), and the choice of the sheet's language
(coordinators). Everything answers 404 to whoever is not a member.

The relais of a quartier print it too: they are the ones who carry it to neighbours without a
computer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import in_site_timezone
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet import words
from neighbourhood.quartiers.sheet.forms import CodeForm, SheetLanguageForm
from neighbourhood.quartiers.sheet.printed import sheet_pdf
from neighbourhood.quartiers.sheet.sections import registered
from neighbourhood.quartiers.sheet.selectors import item_url_for_code, sheet_for


def _addresses(request: AuthenticatedHttpRequest, quartier: Quartier) -> tuple[str, str]:
    """The quartier's page and its code page, as full addresses to print."""
    return (
        request.build_absolute_uri(quartier.get_absolute_url()),
        request.build_absolute_uri(reverse("quartiers:code", kwargs={"slug": quartier.slug})),
    )


@login_required
@require_GET
@in_site_timezone
def sheet_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
    sheet = sheet_for(quartier=quartier)
    page_url, code_url = _addresses(request, quartier)
    with translation.override(sheet.language):
        printed = {
            "subtitle": words.subtitle(sheet),
            "answer": words.answer(sheet),
            "parts": [(part, words.more(part.more) if part.more else "") for part in sheet.parts],
        }
    return render(
        request,
        "quartiers/sheet.html",
        {
            "quartier": quartier,
            "sheet": sheet,
            "printed": printed,
            "can_print": membership.is_coordinator or membership.is_relais,
            "can_choose_language": membership.is_coordinator,
            "page_url": page_url,
            "code_url": code_url,
            "code_form": CodeForm(),
            "language_form": SheetLanguageForm(initial={"language": quartier.language}),
        },
    )


@login_required
@require_GET
@in_site_timezone
def sheet_download(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
    if not (membership.is_coordinator or membership.is_relais):
        raise PermissionDenied(
            _("Only a coordinator or a relais of this quartier prints the sheet.")
        )
    sheet = sheet_for(quartier=quartier)
    page_url, code_url = _addresses(request, quartier)
    response = HttpResponse(
        sheet_pdf(sheet, page_url=page_url, code_url=code_url), content_type="application/pdf"
    )
    filename = f"{slugify(quartier.slug)}-{timezone.localdate(sheet.made_at).isoformat()}.pdf"
    header = content_disposition_header(False, filename)
    if header is not None:
        response["Content-Disposition"] = header
    return response


@login_required
@require_GET
def code_lookup(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Opens the item of a code typed from the sheet; a code that is no item of this quartier
    says so, on a 404 page that offers to type it again."""
    quartier, _membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
    form = CodeForm(request.GET if "c" in request.GET else None)
    status = 200
    if form.is_bound and form.is_valid():
        url = item_url_for_code(quartier=quartier, code=form.cleaned_data["c"])
        if url is not None:
            return redirect(url)
        form.add_error(
            "c",
            _("No item of %(quartier)s has the code “%(code)s”. Check the letter and the number.")
            % {"quartier": quartier.name, "code": form.cleaned_data["c"]},
        )
        status = 404
    elif form.is_bound:
        status = 400
    return render(
        request,
        "quartiers/sheet_code.html",
        {"quartier": quartier, "form": form, "sections": registered()},
        status=status,
    )


@login_required
@require_POST
def sheet_language(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    form = SheetLanguageForm(request.POST)
    if form.is_valid():
        try:
            services.quartier_set_language(
                quartier=quartier, actor=request.user, language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The sheet's language is saved."))
    else:
        messages.error(request, _("Choose one of the languages of the list."))
    return redirect("quartiers:sheet", slug=quartier.slug)
