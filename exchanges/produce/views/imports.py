"""Moving in: a coordinator imports a contract's members and subscriptions from a CSV. The file
is read in a dry run first (what would be created, every line refused and why); a second
button imports it all, or nothing (services.imports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from exchanges.produce import selectors
from exchanges.produce.exports import spreadsheet
from exchanges.produce.forms.imports import ImportConfirmForm, ImportUploadForm, signed_content
from exchanges.produce.models import Contract
from exchanges.produce.progress import Progress
from exchanges.produce.services.import_table import MAX_ROWS
from exchanges.produce.services.imports import (
    ImportReport,
    import_progress_key,
    import_subscriptions,
)
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import in_site_timezone

TEMPLATE_HEADER = [
    "Courriel",
    "Nom",
    "Téléphone",
    "Part",
    "Parts",
    "Premier panier",
    "Échéances",
    "Montants",
    "Paiement",
    "Numéros de chèques",
    "Banques",
    "Adhésion payée",
]


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def contract_import(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.get_contract_for_coordinator(user=request.user, contract_id=contract_id)
    upload = ImportUploadForm()
    problems: list[str] = []  # a refusal of the confirmation, which has no field to show
    report: ImportReport | None = None
    raw, dry_run = b"", True
    if request.method == "POST" and "content" in request.POST:
        signed = ImportConfirmForm(request.POST, contract=contract, user=request.user)
        if signed.is_valid():
            raw, dry_run = signed.cleaned_data["content"], False
        else:
            problems.extend(str(message) for message in signed.errors["content"])
    elif request.method == "POST":
        upload = ImportUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            raw = upload.content()
    if raw:
        try:
            report = import_subscriptions(
                contract=contract, actor=request.user, file=raw, dry_run=dry_run
            )
        except ValidationError as error:
            if upload.is_bound:
                upload.add_error("file", error.messages)
            else:
                problems.extend(error.messages)
    confirm = None
    if report and not report.imported and report.ready and not report.refused:
        confirm = ImportConfirmForm(
            initial={"content": signed_content(raw, contract=contract, user=request.user)},
            contract=contract,
            user=request.user,
        )
    return render(
        request,
        "exchanges/produce/contract_import.html",
        {
            "contract": contract,
            "upload": upload,
            "report": report,
            "confirm": confirm,
            "problems": problems,
            "max_rows": MAX_ROWS,
            # Another coordinator's import of this contract, under way.
            "under_way": Progress.read(import_progress_key(contract.pk)),
        },
        status=400 if upload.errors or problems else 200,
    )


@login_required
@require_GET
def contract_import_example(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    """The template to fill, with the contract's own shares: `;` between columns and a BOM,
    as a French spreadsheet opens it at once."""
    contract = selectors.get_contract_for_coordinator(user=request.user, contract_id=contract_id)
    # A share's name is as a coordinator typed it: `csv_body` keeps a formula as text.
    body = spreadsheet.csv_body([TEMPLATE_HEADER, *example_rows(contract)])
    response = HttpResponse(body, content_type=spreadsheet.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-contrat-{contract.pk}.csv"'
    return response


def example_rows(contract: Contract) -> list[list[str]]:
    names = [size.name for size in contract.sizes.all()] or ["Petit panier"]
    first = contract.starts_on.strftime("%d/%m/%Y")
    return [
        [
            "karim@example.org",
            "Karim Benali",
            "06 12 34 56 78",
            names[0],
            "1",
            first,
            "3",
            "",
            "chèque",
            "1234567 / 1234568 / 1234569",
            "Crédit Mutuel",
            "oui",
        ],
        [
            "sophie@example.org",
            "Sophie Martin",
            "",
            names[-1],
            "1",
            "",
            "",
            "",
            "virement",
            "",
            "",
            "oui",
        ],
    ]
