"""The coordinator's import page, without JavaScript: upload, dry-run report, confirm, result;
the template to download; the same through the API; everyone else gets a 404."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from exchanges.produce.models import Subscription
from exchanges.produce.progress import Progress
from exchanges.produce.services.contracts import Size, contract_update
from exchanges.produce.services.import_table import MAX_BYTES
from exchanges.produce.services.imports import import_progress_key
from neighbourhood.accounts.models import User
from tests.conftest import api_as
from tests.exchanges.produce.contracts import HALF, LARGE
from tests.exchanges.produce.test_pages import client_for

pytestmark = pytest.mark.django_db

HEADER = "Courriel;Nom;Part;Parts;Échéances\n"
TWO = HEADER + "alice@example.org;Alice;Petit panier;1;3\nkarim@example.org;Karim;Grand panier;2;\n"


def page_url(contract) -> str:
    return f"/produce/contracts/{contract.pk}/import/"


def upload(client, contract, text: str | bytes, name: str = "adherents.csv"):
    raw = text.encode() if isinstance(text, str) else text
    return client.post(page_url(contract), {"file": SimpleUploadedFile(name, raw, "text/csv")})


def confirm_field(page: str) -> str:
    found = re.search(r'name="content" value="([^"]+)"', page)
    assert found is not None
    return html.unescape(found.group(1))


def test_the_dry_run_shows_the_report_and_stores_nothing_then_the_import_does(
    contract, carol, alice
):
    client = client_for(carol)
    assert client.get(page_url(contract)).status_code == 200
    dry = upload(client, contract, TWO)
    page = dry.content.decode()
    assert dry.status_code == 200 and Subscription.objects.count() == 0
    assert "<caption>The subscriptions the import would create, in the file" in page
    assert "Import these 2 subscriptions" in page and "(new account)" in page
    assert "360.00 €" in page  # Karim: 2 large shares × 9 Thursdays × 20 €
    done = client.post(page_url(contract), {"content": confirm_field(page)})
    assert done.status_code == 200 and "2 subscriptions imported." in done.content.decode()
    assert Subscription.objects.filter(contract=contract).count() == 2
    assert User.objects.get(email="karim@example.org").memberships.get().is_active


def test_refused_lines_are_listed_with_their_number_and_no_import_is_offered(
    contract, carol, alice
):
    text = TWO + "<b>x</b>@example;<script>alert(1)</script>;Panier géant;1;\n"
    page = upload(client_for(carol), contract, text).content.decode()
    assert "<caption>Each line of the file that cannot be imported, and why</caption>" in page
    assert '<th scope="row">4</th>' in page and "Unknown share" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'name="content"' not in page and Subscription.objects.count() == 0


def test_a_french_coordinator_reads_the_reasons_in_french(contract, carol, alice):
    text = TWO + "karim@example.org;Karim;Panier géant;deux;\n"
    page = html.unescape(upload(client_for(carol, "fr"), contract, text).content.decode())
    assert "Lignes refusées" in page and "Essai à blanc : rien n’a été enregistré." in page
    assert "Ce membre est déjà à la ligne 3 du fichier." in page
    assert "Part « Panier géant » inconnue" in page
    assert "« deux » n’est pas un nombre de parts" in page


def test_the_dry_run_takes_a_fixed_number_of_queries_whatever_the_length(contract, carol):
    client = client_for(carol)
    client.get(page_url(contract))  # the bell's count, kept in the cache from then on

    def queries(lines: int) -> int:
        text = HEADER + "".join(f"m{n}@example.org;M{n};Petit panier;1;2\n" for n in range(lines))
        with CaptureQueriesContext(connection) as captured:
            assert upload(client, contract, text).status_code == 200
        return len(captured)

    assert queries(3) == queries(40)


def test_a_confirmation_altered_in_the_browser_is_refused(contract, carol, alice):
    client = client_for(carol)
    page = upload(client, contract, TWO).content.decode()
    altered = confirm_field(page)[:-3] + "abc"
    response = client.post(page_url(contract), {"content": altered})
    assert response.status_code == 400 and "upload the file again" in response.content.decode()
    assert Subscription.objects.count() == 0


def test_the_template_downloaded_names_the_contracts_shares_and_imports_as_it_is(contract, carol):
    client = client_for(carol)
    response = client.get(f"{page_url(contract)}example.csv")
    raw = response.content
    assert response["Content-Type"].startswith("text/csv") and raw.startswith(b"\xef\xbb\xbf")
    assert "Petit panier" in raw.decode("utf-8-sig")
    report = upload(client, contract, raw).content.decode()
    assert "Import these 2 subscriptions" in report


def test_the_template_keeps_a_share_named_like_a_formula_as_text(contract, carol):
    formula = '=HYPERLINK("http://evil.example","Petit")'
    sizes = [Size(formula, 1200), Size(LARGE, 2000), Size(HALF, 1200, every=2)]
    contract_update(contract=contract, actor=carol, sizes=sizes)
    response = client_for(carol).get(f"{page_url(contract)}example.csv")
    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        for cell in row
    ]
    assert f"'{formula}" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CSV file"),
        (b"x" * (MAX_BYTES + 1), "too big"),
        (b"", "The submitted file is empty."),
        (HEADER.encode(), "a header but no subscription"),
    ],
)
def test_a_bad_upload_is_refused_in_words(contract, carol, raw, says):
    response = upload(client_for(carol), contract, raw)
    assert response.status_code == 400
    assert says in html.unescape(response.content.decode())
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("dave", 404), ("alice", 403)])
def test_outsiders_get_a_404_and_members_a_403(contract, who, status, request):
    """The outsider learns nothing; a member knows the contract, not its import."""
    client = client_for(request.getfixturevalue(who))
    assert client.get(page_url(contract)).status_code == status
    assert client.get(f"{page_url(contract)}example.csv").status_code == status
    assert upload(client, contract, TWO).status_code == status
    assert Subscription.objects.count() == 0


# --- the API ----------------------------------------------------------------------------------


def api_url(contract) -> str:
    return f"/api/v1/contracts/{contract.pk}/import/"


def send(user, contract, text: str | bytes, dry_run: bool = True):
    raw = text.encode() if isinstance(text, str) else text
    file = SimpleUploadedFile("adherents.csv", raw, "text/csv")
    return api_as(user).post(
        api_url(contract), {"file": file, "dry_run": dry_run}, format="multipart"
    )


def test_the_api_answers_the_report_then_imports(contract, carol, alice):
    dry = send(carol, contract, TWO)
    assert dry.status_code == 200 and Subscription.objects.count() == 0
    body = dry.json()
    assert (body["dry_run"], body["imported"], body["refused"]) == (True, False, [])
    assert [(r["line"], r["size"], r["total_cents"]) for r in body["ready"]] == [
        (2, "Petit panier", 10800),
        (3, "Grand panier", 36000),
    ]
    assert [p["amount_cents"] for p in body["ready"][0]["plan"]] == [3600, 3600, 3600]
    done = send(carol, contract, TWO, dry_run=False)
    assert done.status_code == 200 and done.json()["imported"] is True
    assert [r["new_account"] for r in done.json()["ready"]] == [False, True]
    assert Subscription.objects.count() == 2


def test_the_api_takes_a_fixed_number_of_queries_whatever_the_length(contract, carol):
    def queries(lines: int) -> int:
        text = HEADER + "".join(f"m{n}@example.org;M{n};Petit panier;1;2\n" for n in range(lines))
        with CaptureQueriesContext(connection) as captured:
            assert send(carol, contract, text).status_code == 200
        return len(captured)

    assert queries(3) == queries(40)


def test_the_api_without_dry_run_only_reads(contract, carol, alice):
    file = SimpleUploadedFile("adherents.csv", TWO.encode(), "text/csv")
    response = api_as(carol).post(api_url(contract), {"file": file}, format="multipart")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert Subscription.objects.count() == 0


def test_the_api_lists_refused_lines_and_imports_nothing(contract, carol, alice):
    body = send(carol, contract, TWO + "x;X;Petit panier;1;\n", dry_run=False).json()
    assert body["imported"] is False
    assert body["refused"] == [
        {"line": 4, "who": "X", "reasons": ["“x” is not an e-mail address."]}
    ]
    assert Subscription.objects.count() == 0


def test_the_api_refuses_a_file_it_cannot_read_with_a_400(contract, carol):
    response = send(carol, contract, b"%PDF\x00\x00")
    assert response.status_code == 400 and "not a CSV file" in response.json()["detail"]
    french = api_as(carol, "fr").post(
        api_url(contract),
        {"file": SimpleUploadedFile("a.csv", HEADER.encode()), "dry_run": True},
        format="multipart",
    )
    assert french.status_code == 400 and "aucun abonnement" in french.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("dave", 404), ("alice", 403)])
def test_the_api_answers_404_to_outsiders_and_403_to_members(contract, who, status, request):
    assert send(request.getfixturevalue(who), contract, TWO).status_code == status


def test_the_import_is_in_the_openapi_document():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    operation = document["paths"]["/api/v1/contracts/{contract_id}/import/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]


# --- the command ------------------------------------------------------------------------------


def test_the_command_imports_or_reports(contract, carol, alice, tmp_path):
    path = tmp_path / "adherents.csv"
    path.write_text(TWO + "x;X;Petit panier;1;\n", encoding="cp1252")
    with pytest.raises(CommandError, match="1 line"):
        call_command("import_contracts", contract.pk, path, "--as", carol.email)
    path.write_text(TWO, encoding="cp1252")
    call_command("import_contracts", contract.pk, path, "--as", carol.email, "--dry-run")
    assert Subscription.objects.count() == 0
    call_command("import_contracts", contract.pk, path, "--as", carol.email)
    assert Subscription.objects.count() == 2


def test_the_real_run_keeps_its_progress_in_the_cache_and_forgets_it_when_done(
    contract, carol, alice
):
    seen: list[object] = []

    def read_progress(sender: object, **kwargs: object) -> None:  # as the page would, mid-run
        seen.append(cache.get(import_progress_key(contract.pk)))

    client = client_for(carol)
    page = upload(client, contract, TWO).content.decode()
    post_save.connect(read_progress, sender=Subscription, dispatch_uid="test-import-progress")
    try:
        client.post(page_url(contract), {"content": confirm_field(page)})
    finally:
        post_save.disconnect(sender=Subscription, dispatch_uid="test-import-progress")

    assert len(seen) == 2
    assert seen[0] in [(0, 2), (1, 2)] and seen[1] == (2, 2)  # written at most every 0.25 s
    assert cache.get(import_progress_key(contract.pk)) is None


def test_the_page_shows_an_import_under_way(contract, carol):
    progress = Progress(import_progress_key(contract.pk))
    progress.start(150)
    progress.step(40)
    progress.save()

    page = client_for(carol).get(page_url(contract)).content.decode()

    assert "An import of this contract is under way: 40 lines of 150 created." in page
    assert '<progress max="150" value="40">' in page


def test_an_outsider_sees_no_import_under_way(contract, dave):
    Progress(import_progress_key(contract.pk)).start(150)
    assert client_for(dave).get(page_url(contract)).status_code == 404
