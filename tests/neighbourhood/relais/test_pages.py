"""The relais's pages without JavaScript: opening an account, acting for a neighbour, what
others see of it, the logs, the take-over."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from exchanges.produce import services as produce
from exchanges.produce.models import Order
from exchanges.rides import services as rides
from exchanges.rides.models import Booking, Ride
from exchanges.swaps.models import Swap
from messaging import services as messaging
from messaging.models import Message
from neighbourhood.accounts.models import User
from neighbourhood.relais.middleware import SESSION_KEY
from neighbourhood.relais.models import ProxyAction
from tests.factories import cycle_fields, ride_fields, swap_fields
from tests.neighbourhood.relais.conftest import acting_client, client_for


def test_it_gives_the_role_from_the_member_list(quartier, carol, alice):
    client = client_for(carol)
    page = client.get(f"/quartiers/{quartier.slug}/members/").content.decode()
    assert "Make Alice a relais" in page
    response = client.post(
        f"/quartiers/{quartier.slug}/members/{alice.pk}/relais/", {"relais": "on"}
    )
    assert response.status_code == 302
    page = client.get(f"/quartiers/{quartier.slug}/members/").content.decode()
    assert "Alice is now a relais." in page
    assert "Take back the relais role from Alice" in page


def test_it_gives_the_role_through_the_api(quartier, carol, alice):
    from tests.conftest import api_as

    response = api_as(carol).patch(
        f"/api/v1/quartiers/{quartier.slug}/members/{alice.pk}/", {"is_relais": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_relais"] is True
    assert (
        api_as(alice)
        .patch(
            f"/api/v1/quartiers/{quartier.slug}/members/{alice.pk}/",
            {"is_relais": False},
            format="json",
        )
        .status_code
        == 403
    )


def test_a_relais_opens_an_account_through_the_form(quartier, marc):
    client = client_for(marc)
    page = client.get("/relais/").content.decode()
    assert f'href="/relais/in/{quartier.slug}/new/"' in page
    assert client.get(f"/relais/in/{quartier.slug}/new/").status_code == 200
    refused = client.post(f"/relais/in/{quartier.slug}/new/", {"display_name": "Mme Petit"})
    assert refused.status_code == 400

    response = client.post(
        f"/relais/in/{quartier.slug}/new/",
        {
            "display_name": "Mme Petit",
            "phone": "04 78 00 00 00",
            "postal_contact": "",
            "language": "fr",
            "consent": "on",
            "how": "En personne, à l'EPN",
        },
    )
    petit = User.objects.get(display_name="Mme Petit")
    assert response["Location"] == f"/relais/neighbours/{petit.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "The account of Mme Petit is open." in page
    assert "Act for Mme Petit" in page
    assert "En personne, à l&#x27;EPN" in page


def test_acting_for_her_the_relais_posts_a_swap_that_others_see_as_hers(
    quartier, marc, consent, alice
):
    client = acting_client(marc, consent)
    page = client.get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "You are acting for Mme Petit" in page
    assert 'action="/relais/stop/"' in page

    response = client.post(
        f"/swaps/new/{quartier.slug}/?kind=offer", {k: str(v) for k, v in swap_fields().items()}
    )
    swap = Swap.objects.get()
    assert response["Location"] == f"/swaps/{swap.pk}/"
    assert swap.author == consent.neighbour
    action = ProxyAction.objects.get(verb="swap_posted")
    assert (action.relais, action.target) == (marc, swap)

    page = client_for(alice).get(f"/swaps/{swap.pk}/").content.decode()
    assert "Mme Petit offers to teach" in page
    assert "Posted by Marc for Mme Petit" in page
    french = client_for(alice, "fr").get(f"/swaps/{swap.pk}/").content.decode()
    assert "Publié par Marc pour Mme Petit" in french


def test_acting_for_her_the_relais_asks_for_a_seat_and_offers_a_ride(
    quartier, marc, consent, alice
):
    ride = rides.ride_create(quartier=quartier, driver=alice, **ride_fields())
    client = acting_client(marc, consent)
    day = timezone.localdate(ride.departs_at)
    response = client.post(f"/rides/{ride.pk}/book/", {"date": day.isoformat(), "seats": "1"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.passenger == consent.neighbour
    page = client_for(alice).get(f"/rides/{ride.pk}/").content.decode()
    assert "Posted by Marc for Mme Petit" in page  # on her request, which the driver answers

    from neighbourhood.relais import acting

    with acting.acting_for(
        acting.Acting(relais=marc, neighbour=consent.neighbour, quartier=quartier)
    ):
        offered = rides.ride_create(quartier=quartier, driver=consent.neighbour, **ride_fields())
    assert ProxyAction.objects.get(verb="ride_offered").target == offered
    page = client_for(alice).get(f"/rides/{offered.pk}/").content.decode()
    assert "Posted by Marc for Mme Petit" in page
    assert Ride.objects.count() == 2


def test_acting_for_her_the_relais_places_a_farm_order(quartier, carol, marc, consent):
    farm = produce.producer_create(quartier=quartier, actor=carol, farm_name="Ferme", name="Jo")
    eggs = produce.product_create(
        producer=farm, actor=carol, name="Œufs", unit="box", price_cents=350
    )
    cycle = produce.cycle_create(
        quartier=quartier, actor=carol, offers=[produce.Offer(eggs)], **cycle_fields()
    )
    offer = cycle.offers.get()
    client = acting_client(marc, consent)
    response = client.post(f"/produce/cycles/{cycle.pk}/order/", {f"quantity_{offer.pk}": "2"})
    assert response.status_code == 302
    action = ProxyAction.objects.get(verb="order_placed")
    order = Order.objects.get()
    assert action.target == order
    assert order.member == consent.neighbour
    page = client_for(carol).get(f"/produce/cycles/{cycle.pk}/orders/{order.pk}/").content.decode()
    assert "Posted by Marc for Mme Petit" in page


def test_acting_for_her_the_relais_reads_and_answers_her_messages(quartier, marc, consent, alice):
    petit = consent.neighbour
    conversation = messaging.direct_open(sender=alice, recipient=petit)
    messaging.message_post(conversation=conversation, author=alice, body="Bonjour Mme Petit !")
    client = acting_client(marc, consent)
    page = client.get("/conversations/").content.decode()
    assert "Alice" in page
    page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Bonjour Mme Petit !" in page

    response = client.post(f"/conversations/{conversation.pk}/", {"body": "Merci Alice, à jeudi."})
    assert response.status_code == 302
    answer = Message.objects.get(author=petit)
    assert answer.relais == marc
    assert ProxyAction.objects.get(verb="message_sent").target == answer
    assert messaging.message_payload(answer)["relais"] == {"id": marc.pk, "display_name": "Marc"}

    page = client_for(alice).get(f"/conversations/{conversation.pk}/").content.decode()
    assert "(written by Marc for Mme Petit)" in page
    history = client_for(alice).get(f"/api/v1/conversations/{conversation.pk}/messages/").json()
    assert history["results"][-1]["relais"]["display_name"] == "Marc"


def test_account_pages_are_closed_while_acting(quartier, marc, consent):
    client = acting_client(marc, consent)
    for url in (
        "/profile/",
        "/profile/tokens/",
        "/profile/erase/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/api/v1/me/",
        f"/quartiers/{quartier.slug}/edit/",
        "/notifications/settings/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "This page is not open to a relais" in response.content.decode(), url
    assert client.post("/profile/erase/").status_code == 403
    assert User.objects.filter(pk=consent.neighbour_id).exists()


def test_stopping_gives_the_relais_back_their_own_pages(quartier, marc, consent):
    client = acting_client(marc, consent)
    response = client.post("/relais/stop/")
    assert response["Location"] == f"/relais/neighbours/{consent.neighbour_id}/"
    assert SESSION_KEY not in client.session
    page = client.get("/profile/").content.decode()
    assert 'value="Marc"' in page  # his own profile form
    assert "You are acting for" not in page


def test_the_neighbour_and_the_coordinators_read_the_log(quartier, marc, consent, carol):
    petit = consent.neighbour
    page = client_for(carol).get(f"/relais/in/{quartier.slug}/log/").content.decode()
    assert "Marc for Mme Petit" in page and "opened the account" in page
    page = client_for(carol).get(f"/relais/neighbours/{petit.pk}/").content.decode()
    assert "recorded the consent" in page
    # Mme Petit reads it too (through her relais, or herself once she has a login).
    petit_client = Client()
    petit_client.force_login(petit)
    page = petit_client.get("/relais/for-me/").content.decode()
    # She reads it in her language.
    assert "Marc pour Mme Petit" in page and "Retirer mon accord à Marc" in page


def test_the_log_pages_keep_a_fixed_number_of_queries(
    quartier, marc, consent, carol, django_assert_max_num_queries
):
    from neighbourhood.relais import services

    for n in range(5):
        services.neighbour_create(
            relais=marc, quartier=quartier, display_name=f"N{n}", phone="1", how="oui"
        )
    client = client_for(carol)
    with django_assert_max_num_queries(10):
        assert client.get(f"/relais/in/{quartier.slug}/log/").status_code == 200
    marc_client = client_for(marc)
    with django_assert_max_num_queries(10):
        assert marc_client.get("/relais/").status_code == 200


def test_mme_petit_takes_her_account_over(
    quartier, marc, consent, django_capture_on_commit_callbacks
):
    petit = consent.neighbour
    client = client_for(marc)
    page = client.post(f"/relais/neighbours/{petit.pk}/code/").content.decode()
    assert "Take-over code for Mme Petit" in page
    code = page.split('class="takeover-code"')[1].split("<strong>")[1].split("</strong>")[0]

    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    step1 = visitor.get(f"/relais/take-over/?code={code}").content.decode()
    assert "Welcome, Mme Petit." in step1
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            "/relais/take-over/",
            {
                "code": code,
                "email": "petit@example.org",
                "password1": "un-mot-de-passe-solide-42",
                "password2": "un-mot-de-passe-solide-42",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["petit@example.org"]]  # verify the address
    assert EmailAddress.objects.get(user=petit, verified=False)
    # The code is spent; the relais no longer acts for her.
    assert visitor.post("/relais/take-over/", {"code": code}).status_code == 400
    assert client.post(f"/relais/consents/{consent.pk}/act/").status_code == 404
    page = client.get(f"/relais/neighbours/{petit.pk}/").content.decode()
    assert "Taken over by the neighbour" in page
    assert "Record their consent" in page


def test_a_wrong_takeover_code_says_so_in_words(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        "/relais/take-over/", {"code": "AAAA-BBBB-CCCC"}
    )
    assert response.status_code == 400
    assert "Ce code ne fonctionne pas" in response.content.decode()


def test_the_takeover_page_asks_for_the_code_first(db):
    page = Client().get("/relais/take-over/").content.decode()
    assert 'name="code"' in page and 'name="email"' not in page


def test_a_coordinator_makes_a_takeover_code_too(quartier, consent, carol):
    page = client_for(carol).post(f"/relais/neighbours/{consent.neighbour_id}/code/")
    assert page.status_code == 200
    assert "Take-over code for Mme Petit" in page.content.decode()
    action = ProxyAction.objects.get(verb="takeover_code")
    assert (action.relais, action.neighbour) == (carol, consent.neighbour)


def test_while_acting_the_pages_scripts_may_read_the_feed_but_not_write(quartier, marc, consent):
    client = acting_client(marc, consent)
    assert client.get(f"/api/v1/quartiers/{quartier.slug}/feed/").status_code == 200
    assert client.post(f"/api/v1/quartiers/{quartier.slug}/feed/1/hide/").status_code == 403
    assert client.post("/api/v1/me/tokens/", {"name": "x"}).status_code == 403


def test_her_card_and_her_log_keep_a_fixed_number_of_queries(
    quartier, marc, consent, django_assert_max_num_queries
):
    from exchanges.swaps import services as swaps
    from neighbourhood.relais import acting

    petit = consent.neighbour
    with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
        for n in range(6):
            swaps.swap_create(
                quartier=quartier, author=petit, kind="offer", **swap_fields(title=f"Savoir {n}")
            )
    client = client_for(marc)
    with django_assert_max_num_queries(12):
        page = client.get(f"/relais/neighbours/{petit.pk}/").content.decode()
    assert page.count("posted a swap") == 6
    petit_client = Client()
    petit_client.force_login(petit)
    with django_assert_max_num_queries(10):
        page = petit_client.get("/relais/for-me/").content.decode()
    assert page.count("a publié un échange") == 6


def test_once_her_address_is_verified_she_signs_in_like_everybody(quartier, marc, consent):
    from neighbourhood.relais import services

    petit = consent.neighbour
    raw = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    password = "un-mot-de-passe-solide-42"
    services.takeover_complete(raw=raw, email="petit@example.org", password=password)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    refused = visitor.post("/accounts/login/", {"login": "petit@example.org", "password": password})
    assert refused["Location"] == "/accounts/confirm-email/"  # not verified yet
    EmailAddress.objects.filter(user=petit).update(verified=True)
    response = visitor.post(
        "/accounts/login/", {"login": "petit@example.org", "password": password}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(visitor.session["_auth_user_id"]) == petit.pk


def test_the_pick_up_list_says_which_order_a_relais_placed(quartier, carol, marc, consent):
    from neighbourhood.relais import acting

    farm = produce.producer_create(quartier=quartier, actor=carol, farm_name="Ferme", name="Jo")
    eggs = produce.product_create(
        producer=farm, actor=carol, name="Œufs", unit="box", price_cents=350
    )
    cycle = produce.cycle_create(
        quartier=quartier, actor=carol, offers=[produce.Offer(eggs)], **cycle_fields()
    )
    offer = cycle.offers.get()
    petit = consent.neighbour
    with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
        produce.order_place(cycle=cycle, member=petit, quantities={offer.pk: 1})
    produce.order_place(cycle=cycle, member=carol, quantities={offer.pk: 1})
    page = client_for(carol).get(f"/produce/cycles/{cycle.pk}/reports/").content.decode()
    assert page.count("Posted by Marc for Mme Petit") == 1


def test_her_relais_ends_the_consent_from_her_card(quartier, marc, consent):
    client = client_for(marc)
    page = client.get(f"/relais/neighbours/{consent.neighbour_id}/").content.decode()
    assert "End the consent given to Marc" in page
    response = client.post(f"/relais/consents/{consent.pk}/withdraw/")
    assert response["Location"] == f"/relais/neighbours/{consent.neighbour_id}/"
    consent.refresh_from_db()
    assert consent.ending == "withdrawn"
    page = client.get(response["Location"]).content.decode()
    assert "Act for Mme Petit" not in page and "Record their consent" in page


def _view_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _view_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_open_to_a_relais_exists():
    """A misspelt name in the lists would close a page to the relais without a word."""
    from django.urls import get_resolver

    from neighbourhood.relais.middleware import ALLOWED, ALLOWED_READS, AS_RELAIS

    assert (ALLOWED | ALLOWED_READS | AS_RELAIS) - _view_names(get_resolver().url_patterns) == set()
