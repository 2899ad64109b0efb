"""Moving in: a coordinator imports a contract's subscriptions from a CSV. The contract has nine
Thursdays with a basket (one off): small 12 €, large 20 €, a half share 12 € every other date;
the farm serves 20 shares."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.produce import services
from exchanges.produce.models import (
    Contract,
    FeePayment,
    Instalment,
    MembershipFee,
    Subscription,
)
from exchanges.produce.services import subscription_create
from exchanges.produce.services.contracts import Size
from exchanges.produce.services.import_table import MAX_BYTES, MAX_ROWS
from exchanges.produce.services.imports import import_subscriptions
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership
from tests.exchanges.produce.contracts import LARGE, SMALL, size

HEADER = "Courriel;Nom;Part;Parts;Échéances;Montants;Paiement;Numéros de chèques;Banques\n"


def stored() -> tuple[int, int, int, int]:
    return (
        Subscription.objects.count(),
        Instalment.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def run(contract: Contract, carol: User, text: str, *, dry_run: bool = True, encoding="utf-8"):
    return import_subscriptions(
        contract=contract, actor=carol, file=text.encode(encoding), dry_run=dry_run
    )


GOOD = (
    HEADER
    + "alice@example.org;Alice;Petit panier;1;3;;chèque;101 / 102 / 103;La Poste\n"
    + 'karim@example.org;Karim Benali;grand panier;2;;"120,00 / 120 / 120,00";Chèque;;\n'
    + "sophie@example.org;Sophie Martin;Demi-part;;;;virement;;\n"
)


def test_a_good_file_is_read_in_a_dry_run_and_nothing_is_stored(contract, carol, alice):
    before = stored()
    report = run(contract, carol, GOOD)
    assert stored() == before
    assert not report.refused and not report.imported
    alice_line, karim, sophie = report.ready
    assert (alice_line.line, alice_line.member, alice_line.total_cents) == (2, alice, 9 * 1200)
    assert [item.amount_cents for item in alice_line.plan] == [3600, 3600, 3600]
    assert [item.cheque_number for item in alice_line.plan] == ["101", "102", "103"]
    assert [item.bank for item in alice_line.plan] == ["La Poste"] * 3
    assert karim.new_account and karim.size_name == LARGE and karim.total_cents == 36000
    assert [item.amount_cents for item in karim.plan] == [12000, 12000, 12000]
    assert sophie.total_cents == 5 * 1200 and sophie.plan[0].method == "transfer"


def test_the_real_run_creates_accounts_members_and_subscriptions(contract, carol, alice):
    report = run(contract, carol, GOOD, dry_run=False)
    assert report.imported and len(report.ready) == 3
    karim = User.objects.get(email="karim@example.org")
    assert karim.display_name == "Karim Benali" and not karim.has_usable_password()
    assert Membership.objects.filter(user=karim, status="active").exists()
    subscription = Subscription.objects.get(member=karim)
    assert (subscription.shares, subscription.total_cents) == (2, 36000)
    assert subscription.recorded_by == carol and subscription.accepted_terms_at
    assert list(subscription.instalments.values_list("amount_cents", flat=True)) == [12000] * 3
    alice_plan = Subscription.objects.get(member=alice).instalments.order_by("position")
    assert [(i.cheque_number, i.bank) for i in alice_plan] == [
        ("101", "La Poste"),
        ("102", "La Poste"),
        ("103", "La Poste"),
    ]
    contract.refresh_from_db()
    assert contract.shares_taken == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_it_reads_both_separators_a_bom_windows_1252_and_decimal_commas(
    contract, carol, alice, encoding, separator
):
    rows = [
        ["Email", "Prénom", "Nom", "Panier", "Nombre de parts", "Chèques", "Banque"],
        ["alice@example.org", "Alice", "", "Petit panier", "1", "54,00 / 54", "Crédit Agricole"],
        ["elodie@example.org", "Élodie", "Chêne", "Grand panier", "1", "180", ""],
    ]
    text = "\r\n".join(
        separator.join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows
    )
    report = run(contract, carol, text, encoding=encoding)
    assert not report.refused, report.refused
    first, second = report.ready
    assert [item.amount_cents for item in first.plan] == [5400, 5400]
    assert first.plan[0].bank == "Crédit Agricole"
    assert second.name == "Élodie Chêne" and second.email == "elodie@example.org"


def test_every_bad_line_is_refused_with_its_number_and_reason(contract, carol, alice, dave):
    MembershipFee.objects.create(
        quartier=contract.producer.quartier,
        year=contract.starts_on.year,
        amount_cents=1000,
        required=True,
    )
    FeePayment.objects.create(
        fee=MembershipFee.objects.get(), member=alice, amount_cents=1000, method="cash"
    )
    text = (
        "Courriel;Nom;Part;Parts;Premier panier;Échéances;Montants;Paiement;Adhésion\n"
        "pas-une-adresse;X;Petit panier;1;;;50 / 50;;oui\n"  # 2: two reasons
        "a@example.org;A;Panier géant;1;;;;;oui\n"  # 3
        "b@example.org;B;Petit panier;deux;;;;;oui\n"  # 4
        "c@example.org;C;Petit panier;1;;;50 / 50;;oui\n"  # 5
        "alice@example.org;Alice;Petit panier;1;;;;;\n"  # 6
        "ALICE@example.org;Alice;Petit panier;1;;;;;\n"  # 7
        "dave@example.org;Dave;Petit panier;1;;;;;oui\n"  # 8
        ";Mme Petit;Petit panier;1;;;;;oui\n"  # 9
        "d@example.org;D;Petit panier;1;le 3 mai;;;;oui\n"  # 10
        "e@example.org;E;Petit panier;1;;treize;;;oui\n"  # 11
        "f@example.org;F;Petit panier;1;;;;chèque en bois;oui\n"  # 12
        "g@example.org;G;Petit panier;1;;;;;\n"  # 13
        "h@example.org;;Petit panier;1;;;;;oui\n"  # 14
        "i@example.org;I;;1;;;;;oui\n"  # 15
        "j@example.org;J;Petit panier;1;;;1O8;;oui\n"  # 16
        "k@example.org;K;Petit panier;1;;2;54 / 54 / 0;;oui\n"  # 17
        "l@example.org;L;Petit panier;1;;13;;;oui\n"  # 18
    )
    subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    before = stored()
    report = run(contract, carol, text, dry_run=False)
    assert stored() == before and not report.imported and not report.ready
    reasons = {refused.line: " ".join(refused.reasons) for refused in report.refused}
    assert sorted(reasons) == list(range(2, 19))
    assert "is not an e-mail address" in reasons[2] and "add up to 100.00 €" in reasons[2]
    assert "Unknown share “Panier géant”" in reasons[3] and SMALL in reasons[3]
    assert "not a number of shares" in reasons[4]
    assert "add up to 100.00 €, not the 108.00 €" in reasons[5]
    assert "Already subscribed" in reasons[6]
    assert "already on line 6" in reasons[7]
    assert "not a member of the quartier" in reasons[8]
    assert "a relais opens the account" in reasons[9]
    assert "not a date" in reasons[10]
    assert "not a number of instalments" in reasons[11]
    assert "Unknown payment method" in reasons[12]
    assert f"membership of {contract.starts_on.year} is required" in reasons[13]
    assert "needs a name" in reasons[14]
    assert "No share given" in reasons[15]
    assert "“1O8” is not an amount" in reasons[16]
    assert "2 instalments announced, but 3 amounts given" in reasons[17]
    assert "1 to 12 instalments" in reasons[18]


def test_a_mixed_file_imports_nothing_and_lists_the_good_lines(contract, carol, alice):
    text = (
        HEADER
        + "alice@example.org;Alice;Petit panier;1;;;;;\n"
        + "bad;Bad;Petit panier;1;;;;;\n"
        + "karim@example.org;Karim;Grand panier;1;;;;;\n"
        + "zoe@example.org;Zoé;Petit panier;0;;;;;\n"
    )
    before = stored()
    dry = run(contract, carol, text)
    assert [ready.line for ready in dry.ready] == [2, 4]
    assert [refused.line for refused in dry.refused] == [3, 5]
    real = run(contract, carol, text, dry_run=False)
    assert not real.imported and [refused.line for refused in real.refused] == [3, 5]
    assert stored() == before


def test_over_capacity_lines_go_on_the_waiting_list_in_the_files_order(contract, carol):
    """Strictly in order: once a line waits, the later ones wait too, even for one share
    that would fit (the first waiting, for two, is not passed over)."""
    contract.capacity = 3
    contract.save(update_fields=["capacity"])
    text = HEADER + "".join(
        f"m{n}@example.org;Membre {n};Petit panier;{shares};;;;;\n"
        for n, shares in enumerate([2, 2, 1, 1, 1], start=1)
    )
    dry = run(contract, carol, text)
    assert [ready.waiting_rank for ready in dry.ready] == [None, 1, 2, 3, 4]
    real = run(contract, carol, text, dry_run=False)
    assert [ready.waiting_rank for ready in real.ready] == [None, 1, 2, 3, 4]
    waiting = Subscription.objects.filter(status="waiting").order_by("waiting_rank")
    assert [s.subscriber.email for s in waiting] == [
        "m2@example.org",
        "m3@example.org",
        "m4@example.org",
        "m5@example.org",
    ]
    contract.refresh_from_db()
    assert contract.shares_taken == 2


def test_a_line_refused_at_the_last_moment_undoes_the_whole_import(contract, carol, monkeypatch):
    """Everything is one transaction: a refusal from subscription_create on the third line
    leaves no account, membership nor subscription of the first two."""
    from exchanges.produce.services import imports

    calls = []
    real_create = imports.subscription_create

    def refuse_the_third(**kwargs):
        calls.append(kwargs["member"])
        if len(calls) == 3:
            raise ValidationError("Refused.")
        return real_create(**kwargs)

    monkeypatch.setattr(imports, "subscription_create", refuse_the_third)
    text = HEADER + "".join(f"n{n}@example.org;N{n};Petit panier;1;;;;;\n" for n in range(4))
    before = stored()
    with pytest.raises(ValidationError, match=r"Line 4: Refused\. Nothing was imported\."):
        run(contract, carol, text, dry_run=False)
    assert stored() == before
    contract.refresh_from_db()
    assert contract.shares_taken == 0


def test_a_member_without_e_mail_is_found_by_name(contract, carol, quartier):
    petit = User.objects.create(email=None, display_name="Mme Petit")
    Membership.objects.create(quartier=quartier, user=petit)
    report = run(contract, carol, HEADER + ";mme petit;Petit panier;1;;;;;\n", dry_run=False)
    assert report.imported and Subscription.objects.get().member == petit


def test_a_paid_membership_is_recorded_with_the_line(contract, carol):
    fee = MembershipFee.objects.create(
        quartier=contract.producer.quartier,
        year=contract.starts_on.year,
        amount_cents=1500,
        required=True,
    )
    text = "Courriel;Nom;Part;Adhésion payée\nkarim@example.org;Karim;Petit panier;oui\n"
    report = run(contract, carol, text, dry_run=False)
    assert report.imported
    payment = FeePayment.objects.get(fee=fee)
    assert (payment.member.email, payment.amount_cents, payment.recorded_by) == (
        "karim@example.org",
        1500,
        carol,
    )


def test_only_a_coordinator_imports(contract, alice):
    with pytest.raises(PermissionDenied):
        run(contract, alice, GOOD)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"%PDF-1.4\x00\x01\x02binary", "binary"),
        (b"", "empty"),
        (b" ;;\n\n", "empty"),
        (HEADER.encode(), "no_rows"),
        (b"nothing;here\n1;2\n", "columns"),
        (b"x" * (MAX_BYTES + 1), "too_big"),
        ((HEADER + "a@example.org;A;Petit panier\n" * (MAX_ROWS + 1)).encode(), "too_many"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(contract, carol, raw, code):
    before = stored()
    with pytest.raises(ValidationError) as refused:
        import_subscriptions(contract=contract, actor=carol, file=raw, dry_run=False)
    assert refused.value.code == code
    assert stored() == before


def test_a_total_too_large_to_be_stored_is_refused_in_the_dry_run(contract, carol):
    services.contract_update(
        contract=contract, actor=carol, capacity=1000, sizes=[Size("Caisse", 1_000_000)]
    )
    dry = run(contract, carol, HEADER + "m1@example.org;Membre 1;Caisse;300;;;;;\n")
    assert not dry.ready
    assert "at most" in " ".join(dry.refused[0].reasons)
