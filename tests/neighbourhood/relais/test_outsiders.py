"""Who may not: an outsider (dave) gets 404 on every relais page and object; a plain member
cannot act; a relais acts only under a running consent of their own; forged values are refused."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from exchanges.swaps.models import Swap
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Membership
from neighbourhood.relais import services
from neighbourhood.relais.middleware import SESSION_KEY
from neighbourhood.relais.models import ProxyAction
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, swap_fields
from tests.neighbourhood.relais.conftest import acting_client, client_for, make_relais


def pages(quartier, consent) -> list[tuple[str, str]]:
    neighbour = consent.neighbour_id
    return [
        ("get", "/relais/"),
        ("get", f"/relais/in/{quartier.slug}/new/"),
        ("post", f"/relais/in/{quartier.slug}/new/"),
        ("get", f"/relais/in/{quartier.slug}/log/"),
        ("get", f"/relais/neighbours/{neighbour}/"),
        ("post", f"/relais/neighbours/{neighbour}/"),
        ("post", f"/relais/neighbours/{neighbour}/code/"),
        ("post", f"/relais/consents/{consent.pk}/act/"),
        ("post", f"/relais/consents/{consent.pk}/withdraw/"),
    ]


def test_dave_gets_404_on_every_relais_page(quartier, consent, dave):
    client = client_for(dave)
    for method, url in pages(quartier, consent):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert not ProxyAction.objects.filter(relais=dave).exists()


def test_a_plain_member_gets_404_and_cannot_act(quartier, consent, alice):
    client = client_for(alice)
    for method, url in pages(quartier, consent):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert SESSION_KEY not in client.session


def test_a_member_cannot_make_anyone_a_relais(quartier, alice, bob):
    response = client_for(alice).post(
        f"/quartiers/{quartier.slug}/members/{bob.pk}/relais/", {"relais": "on"}
    )
    assert response.status_code == 403
    assert not Membership.objects.get(quartier=quartier, user=bob).is_relais
    dave_client = client_for(UserFactory.create())
    assert (
        dave_client.post(
            f"/quartiers/{quartier.slug}/members/{bob.pk}/relais/", {"relais": "on"}
        ).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(quartier, consent):
    for method, url in pages(quartier, consent):
        response = getattr(Client(), method)(url)
        assert response.status_code in (302, 404), (method, url)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_another_relais_cannot_act_under_marcs_consent(quartier, carol, consent):
    nina = UserFactory.create(display_name="Nina")
    MembershipFactory.create(quartier=quartier, user=nina)
    make_relais(quartier, nina, carol)
    client = client_for(nina)
    assert client.post(f"/relais/consents/{consent.pk}/act/").status_code == 404
    assert (
        client.get(f"/relais/neighbours/{consent.neighbour_id}/").status_code == 200
    )  # same quartier
    # A forged session value pointing at Marc's consent is dropped: she stays herself.
    session = client.session
    session[SESSION_KEY] = consent.pk
    session.save()
    client.post(
        f"/swaps/new/{quartier.slug}/?kind=offer", {k: str(v) for k, v in swap_fields().items()}
    )
    assert Swap.objects.get().author == nina
    assert SESSION_KEY not in client.session
    assert not ProxyAction.objects.filter(verb="swap_posted").exists()


@pytest.mark.parametrize("forged", ["1", True, [1], {"id": 1}, 10**9])
def test_forged_session_values_are_refused(quartier, marc, consent, forged):
    client = client_for(marc)
    session = client.session
    session[SESSION_KEY] = forged
    session.save()
    page = client.get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "You are acting for" not in page
    assert SESSION_KEY not in client.session


def test_a_relais_of_another_quartier_cannot_act_for_her(quartier, consent):
    elsewhere = QuartierFactory.create()
    coordinator = UserFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=coordinator, role=Membership.Role.COORDINATOR)
    zoe = UserFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=zoe)
    make_relais(elsewhere, zoe, coordinator)
    with pytest.raises(PermissionDenied):
        services.consent_record(relais=zoe, neighbour=consent.neighbour, quartier=quartier, how="x")
    client = client_for(zoe)
    assert client.get(f"/relais/neighbours/{consent.neighbour_id}/").status_code == 404
    assert client.post(f"/relais/consents/{consent.pk}/act/").status_code == 404
    assert client.get(f"/relais/in/{quartier.slug}/new/").status_code == 404


def test_acting_stops_when_the_role_is_taken_back(quartier, carol, marc, consent):
    client = acting_client(marc, consent)
    membership = Membership.objects.get(quartier=quartier, user=marc)
    quartiers.membership_set_relais(membership=membership, actor=carol, relais=False)
    page = client.get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "You no longer act for this neighbour." in page
    assert SESSION_KEY not in client.session
    assert client.post(f"/relais/consents/{consent.pk}/act/").status_code == 404


def test_acting_stops_when_she_withdraws_her_consent(quartier, marc, consent):
    client = acting_client(marc, consent)
    services.consent_withdraw(consent=consent, actor=consent.neighbour)
    client.get("/")
    assert SESSION_KEY not in client.session


def test_acting_stops_when_she_takes_the_account_over(quartier, marc, consent):
    client = acting_client(marc, consent)
    raw = services.takeover_code_create(neighbour=consent.neighbour, quartier=quartier, actor=marc)
    services.takeover_complete(raw=raw, email="petit@example.org", password="un-mot-de-passe-42-x")
    client.get("/")
    assert SESSION_KEY not in client.session
    assert client.post(f"/relais/consents/{consent.pk}/act/").status_code == 404
    # Until she confirms her address, a relais may record her consent again (she asked him to,
    # on the phone) and act again.
    again = services.consent_record(
        relais=marc, neighbour=consent.neighbour, quartier=quartier, how="au téléphone"
    )
    assert client.post(f"/relais/consents/{again.pk}/act/").status_code == 302


def test_once_she_confirms_her_address_no_relais_records_a_consent_for_her(quartier, marc, consent):
    petit = consent.neighbour
    raw = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    services.takeover_complete(raw=raw, email="petit@example.org", password="un-mot-de-passe-42-x")
    EmailAddress.objects.filter(user=petit).update(verified=True)

    with pytest.raises(ValidationError, match="their own login now"):
        services.consent_record(relais=marc, neighbour=petit, quartier=quartier, how="tick")
    with pytest.raises(ValidationError, match="already taken over"):
        services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    page = client_for(marc).get(f"/relais/neighbours/{petit.pk}/").content.decode()
    assert "Record their consent" not in page and "Make a take-over code" not in page
    refused = client_for(marc).post(
        f"/relais/neighbours/{petit.pk}/", {"consent": "on", "how": "tick"}
    )
    assert refused.status_code == 400
    assert not petit.consents_given.filter(ended_at__isnull=True).exists()


def test_a_mistyped_address_at_the_takeover_is_mended_with_a_new_code(quartier, marc, consent):
    petit = consent.neighbour
    raw = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    services.takeover_complete(raw=raw, email="petit@exemple.orq", password="un-mot-de-passe-42-x")
    # The confirmation went nowhere; Marc makes a new code and she types her address right.
    again = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    services.takeover_complete(
        raw=again, email="petit@example.org", password="un-mot-de-passe-42-y"
    )
    petit.refresh_from_db()
    assert petit.email == "petit@example.org"
    assert list(EmailAddress.objects.filter(user=petit).values_list("email", "verified")) == [
        ("petit@example.org", False)
    ]


def test_her_card_is_closed_to_relais_once_she_leaves_the_quartier(quartier, marc, carol, consent):
    petit = consent.neighbour
    quartiers.membership_leave(membership=Membership.objects.get(quartier=quartier, user=petit))
    for helper in (marc, carol):
        assert client_for(helper).get(f"/relais/neighbours/{petit.pk}/").status_code == 404
        assert client_for(helper).post(f"/relais/neighbours/{petit.pk}/code/").status_code == 404


def test_no_socket_opens_while_a_relais_acts_so_her_messages_are_posted_as_hers(
    quartier, marc, consent
):
    client = acting_client(marc, consent)
    assert 'data-signed-in="no"' in client.get("/").content.decode()
    client.post("/relais/stop/")
    assert 'data-signed-in="yes"' in client.get("/").content.decode()


def test_acting_stops_when_she_leaves_the_quartier(quartier, marc, consent):
    client = acting_client(marc, consent)
    quartiers.membership_leave(
        membership=Membership.objects.get(quartier=quartier, user=consent.neighbour)
    )
    client.get("/")
    assert SESSION_KEY not in client.session


def test_the_quartier_log_is_for_coordinators_only(quartier, consent, alice, marc, dave):
    for user in (alice, marc, dave):
        assert client_for(user).get(f"/relais/in/{quartier.slug}/log/").status_code == 404


def test_a_takeover_code_is_made_only_for_a_neighbour_one_looks_after(
    quartier, consent, alice, dave
):
    for user in (alice, dave):
        client = client_for(user)
        assert client.post(f"/relais/neighbours/{consent.neighbour_id}/code/").status_code == 404
    # A resident with a login of their own has no card: nobody can take their account over.
    assert client_for(alice).post(f"/relais/neighbours/{alice.pk}/code/").status_code == 404
