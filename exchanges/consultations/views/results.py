"""The results' pages: the results in plain words then in tables, their CSV and the PDF report
for the mairie, and the page where coordinators group an open question's answers."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from exchanges.consultations import exports, tables
from exchanges.consultations import results as selectors
from exchanges.consultations.access import (
    get_consultation_for_coordinator,
    get_consultation_for_member,
)
from exchanges.consultations.models import Consultation, OpenAnswer
from exchanges.consultations.services.answers import GROUP_MAX_LENGTH, answers_group
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors
from neighbourhood.quartiers.selectors import is_coordinator

# The answers grouped on one page: a field each, well under DATA_UPLOAD_MAX_NUMBER_FIELDS.
ANSWERS_PER_PAGE = 200


@login_required
@require_GET
def results_page(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    """The sentence first, participation, then the tables; while hidden, when they will be
    shown (a 403 that reads as a page)."""
    consultation = get_consultation_for_member(user=request.user, consultation_id=consultation_id)
    context: dict[str, object] = {"consultation": consultation, "quartier": consultation.quartier}
    if not selectors.results_visible(consultation):
        context["hidden"] = selectors.hidden_message(consultation)
        return render(request, "exchanges/consultations/results.html", context, status=403)
    found = selectors.results(consultation=consultation)
    context.update(
        found=found,
        tables=tables.tables(found),
        coordinates=is_coordinator(user=request.user, quartier=consultation.quartier),
        live=consultation.vote_is_open,
    )
    return render(request, "exchanges/consultations/results.html", context)


@login_required
@require_GET
def results_csv(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.get_consultation_with_results(
        user=request.user, consultation_id=consultation_id
    )
    return exports.csv_response(consultation)


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.get_consultation_with_results(
        user=request.user, consultation_id=consultation_id
    )
    return exports.pdf_response(consultation)


class GroupsForm(forms.Form):
    """A text field per answer: its group's name (an existing group is offered by the
    browser's list of suggestions, no script needed)."""

    def __init__(
        self, *args: object, answers: list[OpenAnswer], first: int = 1, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.answers = answers
        self.first = first
        for number, answer in enumerate(answers, start=first):
            self.fields[f"group-{answer.pk}"] = forms.CharField(
                label=gettext_lazy("Group of answer %(number)s") % {"number": number},
                max_length=GROUP_MAX_LENGTH,
                required=False,
                initial=answer.group,
                widget=forms.TextInput(attrs={"list": "groups", "autocomplete": "off"}),
            )

    def rows(self) -> list[tuple[int, OpenAnswer, forms.BoundField]]:
        return [
            (number, answer, self[f"group-{answer.pk}"])
            for number, answer in enumerate(self.answers, start=self.first)
        ]

    def groups(self) -> dict[UUID, str]:
        return {answer.pk: self.cleaned_data[f"group-{answer.pk}"] for answer in self.answers}


@login_required
@require_http_methods(["GET", "POST"])
def answers(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_coordinator(
        user=request.user, consultation_id=consultation_id
    )
    # The answers are read once the results are shown, by coordinators as by everyone.
    if not selectors.results_visible(consultation):
        raise selectors.ResultsHidden(selectors.hidden_message(consultation))
    # A page of answers at a time: a form of thousands of fields would pass Django's
    # DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000). In the words' order, which grouping does not change,
    # so an answer stays on its page.
    every = OpenAnswer.objects.filter(ballot__consultation=consultation)
    page = Paginator(every.order_by("text", "id"), ANSWERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    found = list(page.object_list)
    form = GroupsForm(
        request.POST if request.method == "POST" else None,
        answers=found,
        first=page.start_index(),
    )
    if form.is_valid():
        try:
            changed = answers_group(
                consultation=consultation, coordinator=request.user, groups=form.groups()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The answers are grouped (%(count)s changed).") % {"count": changed}
            )
            url = reverse("consultations:answers", args=[consultation.pk])
            return redirect(f"{url}?page={page.number}" if page.number > 1 else url)
    return render(
        request,
        "exchanges/consultations/answers.html",
        {
            "consultation": consultation,
            "quartier": consultation.quartier,
            "form": form,
            "groups": list(
                every.exclude(group="").order_by("group").values_list("group", flat=True).distinct()
            ),
            "page": page,
            "is_open_question": consultation.method == Consultation.Method.OPEN,
        },
        status=400 if form.errors else 200,
    )
