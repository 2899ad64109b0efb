"""The knowledge swap pages, used as a resident would: forms posted without JavaScript."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from exchanges.swaps import services
from exchanges.swaps.models import Evaluation, Exchange, Swap
from messaging.models import Message, Notification
from neighbourhood.feed.models import FeedEntry
from tests.confirmations import asks_first_then_does
from tests.factories import MembershipFactory, UserFactory, swap_fields

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def publish(quartier, author, kind: str = "offer", **overrides) -> Swap:
    return services.swap_create(
        quartier=quartier, author=author, kind=kind, **swap_fields(**overrides)
    )


def form_data(**overrides) -> dict[str, str]:
    return {key: str(value) for key, value in swap_fields(**overrides).items()}


# Publishing


def test_a_member_offers_to_teach_through_the_form(quartier, alice):
    client = client_for(alice)
    url = f"/swaps/new/{quartier.slug}/?kind=offer"
    page = client.get(url).content.decode()
    assert "What can you teach?" in page
    assert 'name="kind"' not in page
    assert "three months" in page  # the end date's help

    response = client.post(url, form_data(tags="Espagnol, Conversation"))

    swap = Swap.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/swaps/{swap.pk}/"
    assert (swap.kind, swap.author, swap.quartier) == ("offer", alice, quartier)
    assert swap.tags == ["Espagnol", "Conversation"]  # as the resident typed them
    assert swap.ends_on == timezone.localdate() + datetime.timedelta(days=91)
    assert FeedEntry.objects.get().is_visible
    page = client.get(response["Location"]).content.decode()
    assert "Your swap is published." in page
    assert "Conversation en espagnol" in page


def test_without_a_kind_in_the_link_the_form_asks_for_it(quartier, alice):
    client = client_for(alice)
    url = f"/swaps/new/{quartier.slug}/"
    assert 'name="kind"' in client.get(url).content.decode()

    missing = client.post(url, form_data())
    assert missing.status_code == 400
    assert 'id="id_kind_errors"' in missing.content.decode()
    assert not Swap.objects.exists()

    client.post(url, form_data(kind="request"))
    assert Swap.objects.get().kind == "request"


def test_a_chosen_end_date_is_kept(quartier, alice):
    end = timezone.localdate() + datetime.timedelta(days=10)
    client_for(alice).post(
        f"/swaps/new/{quartier.slug}/?kind=request", form_data(ends_on=end.isoformat())
    )
    assert Swap.objects.get().ends_on == end


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("category", "astrology", "Select a valid choice."),
        ("ends_on", "2020-01-01", "The end date cannot be in the past."),
        ("description", "x" * 50_000, "Ensure this value has at most 5000 characters"),
    ],
)
def test_a_refused_swap_shows_the_error_next_to_its_field_and_stores_nothing(
    quartier, alice, field, value, message
):
    response = client_for(alice).post(
        f"/swaps/new/{quartier.slug}/?kind=offer", form_data(**{field: value})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_errors"' in page
    assert message in page
    assert f'<a href="#id_{field}">' in page
    assert not Swap.objects.exists()
    assert not FeedEntry.objects.exists()


# The swap page


def test_the_swap_page_escapes_what_residents_type_and_links_addresses(quartier, alice, bob):
    swap = publish(
        quartier,
        alice,
        title="<b>Tricot</b>",
        description="<script>alert('x')</script>\nVoir https://example.org/tricot",
    )
    page = client_for(bob).get(f"/swaps/{swap.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>" in page
    assert "<b>Tricot</b>" not in page
    assert "&lt;b&gt;Tricot&lt;/b&gt;" in page
    assert '<a href="https://example.org/tricot" rel="nofollow">' in page
    assert "Alice offers to teach" in page
    assert "This swap has led to 0 exchanges." in page
    assert "Open until" in page


def test_the_page_says_when_a_swap_is_paused_closed_or_expired(quartier, alice, bob):
    swap = publish(quartier, alice)
    client = client_for(bob)
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    page = client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "does not show in the quartier’s news for now" in page
    assert "I’m interested" not in page

    services.swap_set_status(swap=swap, actor=alice, status="active")
    Swap.objects.filter(pk=swap.pk).update(ends_on=timezone.localdate() - datetime.timedelta(1))
    page = client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "Expired" in page
    assert "I’m interested" not in page

    services.swap_set_status(swap=swap, actor=alice, status="closed")
    page = client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "This swap no longer takes new exchanges." in page


def test_interest_ends_in_the_conversation_and_the_author_is_told(quartier, alice, bob):
    swap = publish(quartier, alice)
    client = client_for(bob)
    assert "I’m interested" in client.get(f"/swaps/{swap.pk}/").content.decode()

    response = client.post(f"/swaps/{swap.pk}/interest/", {"message": "Le samedi me va."})

    exchange = Exchange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == exchange.conversation.get_absolute_url()
    assert response["Location"] == f"/conversations/{exchange.conversation_id}/"
    assert exchange.member == bob
    assert Message.objects.get().body == "Le samedi me va."
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.actor) == (
        alice,
        "swap_interest",
        bob,
    )
    page = client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "I’m interested" not in page
    assert "With Alice" in page
    assert f'href="/conversations/{exchange.conversation_id}/"' in page


def test_interest_in_my_own_swap_or_twice_is_refused_with_a_message(quartier, alice, bob):
    swap = publish(quartier, alice)
    own = client_for(alice).post(f"/swaps/{swap.pk}/interest/", {"message": ""})
    assert own.status_code == 400
    assert "This is your own swap." in own.content.decode()
    assert not Exchange.objects.exists()

    client = client_for(bob)
    client.post(f"/swaps/{swap.pk}/interest/", {"message": ""})
    again = client.post(f"/swaps/{swap.pk}/interest/", {"message": ""})
    assert again.status_code == 400
    assert "You are already in touch about this swap." in again.content.decode()
    assert Exchange.objects.count() == 1


def test_carol_introduces_bob_to_the_author(quartier, alice, bob, carol):
    swap = publish(quartier, alice)
    client = client_for(carol)
    page = client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "Introduce a member" in page
    assert f'<option value="{bob.pk}">Bob</option>' in page
    assert f'<option value="{alice.pk}">' not in page  # the author

    response = client.post(f"/swaps/{swap.pk}/introduce/", {"member": bob.pk, "message": ""})

    assert response.status_code == 302
    assert response["Location"] == f"/swaps/{swap.pk}/"
    exchange = Exchange.objects.get()
    assert (exchange.member, exchange.introduced_by) == (bob, carol)
    told = Notification.objects.filter(kind="swap_introduction")
    assert {n.user for n in told} == {alice, bob}
    assert "Bob and Alice are in touch." in client.get(response["Location"]).content.decode()
    page = client_for(alice).get(f"/swaps/{swap.pk}/").content.decode()
    assert "With Bob" in page
    assert "Introduced by Carol" in page


def test_an_introduction_without_a_member_is_refused_on_the_page(quartier, alice, carol):
    swap = publish(quartier, alice)
    response = client_for(carol).post(f"/swaps/{swap.pk}/introduce/", {"member": ""})
    assert response.status_code == 400
    assert 'id="introduce_member_errors"' in response.content.decode()
    assert not Exchange.objects.exists()


def test_a_member_cannot_introduce_nor_see_the_overview(quartier, alice, bob):
    swap = publish(quartier, bob)
    client = client_for(alice)
    assert "Introduce a member" not in client.get(f"/swaps/{swap.pk}/").content.decode()
    response = client.post(f"/swaps/{swap.pk}/introduce/", {"member": alice.pk})
    assert response.status_code == 403
    assert not Exchange.objects.exists()
    assert not Notification.objects.exists()
    assert client.get(f"/swaps/overview/{quartier.slug}/").status_code == 403


# Outsiders see nothing


@pytest.fixture
def swap_and_exchange(quartier, alice, bob):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    services.exchange_mark_held(exchange=exchange, actor=bob)
    return swap, exchange


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/swaps/{swap}/", {}),
        ("get", "/swaps/{swap}/edit/", {}),
        ("post", "/swaps/{swap}/edit/", form_data(title="Volé")),
        ("post", "/swaps/{swap}/status/", {"status": "closed"}),
        ("post", "/swaps/{swap}/renew/", {}),
        ("post", "/swaps/{swap}/interest/", {"message": "Moi !"}),
        ("post", "/swaps/{swap}/introduce/", {"member": "{dave}"}),
        ("post", "/swaps/exchanges/{exchange}/held/", {}),
        ("post", "/swaps/exchanges/{exchange}/evaluation/", {"text": "Très bien"}),
        ("get", "/swaps/new/croix-rousse/?kind=offer", {}),
        ("post", "/swaps/new/croix-rousse/?kind=offer", form_data()),
        ("get", "/swaps/overview/croix-rousse/", {}),
    ],
)
def test_an_outsider_gets_404_on_every_swap_page(swap_and_exchange, dave, method, url, data):
    swap, exchange = swap_and_exchange
    url = url.format(swap=swap.pk, exchange=exchange.pk)
    data = {key: value.format(dave=dave.pk) for key, value in data.items()}
    response = getattr(client_for(dave), method)(url, data)
    assert response.status_code == 404
    swap.refresh_from_db()
    assert (swap.title, swap.status) == ("Conversation en espagnol", "active")
    assert Swap.objects.count() == 1
    assert Exchange.objects.count() == 1
    assert not Evaluation.objects.exists()
    assert not Exchange.objects.filter(member=dave).exists()


def test_a_member_outside_an_exchange_gets_404_on_it(swap_and_exchange, carol):
    _swap, exchange = swap_and_exchange
    client = client_for(carol)
    assert client.post(f"/swaps/exchanges/{exchange.pk}/held/").status_code == 404
    response = client.post(f"/swaps/exchanges/{exchange.pk}/evaluation/", {"text": "Bien"})
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(quartier, alice):
    swap = publish(quartier, alice)
    response = Client().get(f"/swaps/{swap.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# The author's actions


def test_the_author_edits_the_swap_from_a_prefilled_form(quartier, alice):
    swap = publish(quartier, alice)
    client = client_for(alice)
    page = client.get(f"/swaps/{swap.pk}/edit/").content.decode()
    assert 'value="espagnol, conversation"' in page
    assert 'value="Conversation en espagnol"' in page

    refused = client.post(f"/swaps/{swap.pk}/edit/", form_data(title="", description="Autre"))
    assert refused.status_code == 400
    assert "Edit “Conversation en espagnol”" in refused.content.decode()
    swap.refresh_from_db()
    assert swap.description == "Une heure par semaine, autour d'un café."

    response = client.post(
        f"/swaps/{swap.pk}/edit/", form_data(title="Espagnol pour débutants", tags="espagnol")
    )
    assert response.status_code == 302
    ends_on = swap.ends_on
    swap.refresh_from_db()
    assert (swap.title, swap.tags) == ("Espagnol pour débutants", ["espagnol"])
    assert swap.ends_on == ends_on  # left empty: kept as it was
    assert FeedEntry.objects.get().title == "Espagnol pour débutants"


def test_only_the_author_changes_a_swap(quartier, alice, bob):
    swap = publish(quartier, alice)
    client = client_for(bob)
    assert client.get(f"/swaps/{swap.pk}/edit/").status_code == 403
    assert client.post(f"/swaps/{swap.pk}/edit/", form_data(title="Volé")).status_code == 403
    assert client.post(f"/swaps/{swap.pk}/status/", {"status": "closed"}).status_code == 403
    assert client.post(f"/swaps/{swap.pk}/renew/").status_code == 403
    swap.refresh_from_db()
    assert (swap.title, swap.status) == ("Conversation en espagnol", "active")
    assert "Pause" not in client.get(f"/swaps/{swap.pk}/").content.decode()


def test_pause_resume_renew_and_close_change_the_swap_and_the_feed(quartier, alice):
    swap = publish(quartier, alice, ends_on=timezone.localdate() + datetime.timedelta(days=3))
    client = client_for(alice)
    entry = FeedEntry.objects.get()

    response = client.post(f"/swaps/{swap.pk}/status/", {"status": "paused"}, follow=True)
    assert "Your swap is paused" in response.content.decode()
    swap.refresh_from_db()
    entry.refresh_from_db()
    assert (swap.status, entry.is_visible) == ("paused", False)

    response = client.post(f"/swaps/{swap.pk}/status/", {"status": "active"}, follow=True)
    assert "Your swap is back in the quartier’s news." in response.content.decode()
    swap.refresh_from_db()
    entry.refresh_from_db()
    assert (swap.status, entry.is_visible) == ("active", True)

    response = client.post(f"/swaps/{swap.pk}/renew/", follow=True)
    assert "Your swap is renewed until" in response.content.decode()
    swap.refresh_from_db()
    assert swap.ends_on == timezone.localdate() + datetime.timedelta(days=91)

    response = client.post(f"/swaps/{swap.pk}/status/", {"status": "closed"}, follow=True)
    assert "Your swap is closed." in response.content.decode()
    swap.refresh_from_db()
    entry.refresh_from_db()
    assert (swap.status, entry.is_visible) == ("closed", False)

    response = client.post(f"/swaps/{swap.pk}/status/", {"status": "active"}, follow=True)
    assert "This swap is closed: publish a new one instead." in response.content.decode()
    swap.refresh_from_db()
    assert swap.status == "closed"


def test_renew_is_offered_only_when_it_gives_more_time(quartier, alice):
    soon = publish(quartier, alice, ends_on=timezone.localdate() + datetime.timedelta(days=3))
    later = publish(quartier, alice, ends_on=timezone.localdate() + datetime.timedelta(days=200))
    client = client_for(alice)
    assert "Renew: 3 more months" in client.get(f"/swaps/{soon.pk}/").content.decode()
    assert "Renew: 3 more months" not in client.get(f"/swaps/{later.pk}/").content.decode()
    page = client.get("/swaps/mine/").content.decode()
    assert f'action="/swaps/{soon.pk}/renew/"' in page
    assert f'action="/swaps/{later.pk}/renew/"' not in page


def test_an_unknown_status_changes_nothing(quartier, alice):
    swap = publish(quartier, alice)
    response = client_for(alice).post(
        f"/swaps/{swap.pk}/status/", {"status": "hidden"}, follow=True
    )
    assert "Choose active, paused or closed." in response.content.decode()
    swap.refresh_from_db()
    assert swap.status == "active"


def test_renewing_an_expired_swap_brings_it_back_in_the_feed(quartier, alice):
    swap = publish(quartier, alice)
    Swap.objects.filter(pk=swap.pk).update(ends_on=timezone.localdate() - datetime.timedelta(5))
    client = client_for(alice)
    client.post(f"/swaps/{swap.pk}/renew/", {"next": "/swaps/mine/"})
    swap.refresh_from_db()
    assert swap.ends_on == timezone.localdate() + datetime.timedelta(days=91)
    expires_at = FeedEntry.objects.get().expires_at
    assert expires_at is not None
    assert expires_at > timezone.now()


def test_an_action_from_my_swaps_comes_back_there_but_not_to_another_site(quartier, alice):
    swap = publish(quartier, alice)
    client = client_for(alice)
    back = client.post(f"/swaps/{swap.pk}/status/", {"status": "paused", "next": "/swaps/mine/"})
    assert back["Location"] == "/swaps/mine/"
    away = client.post(f"/swaps/{swap.pk}/renew/", {"next": "https://evil.example/"})
    assert away["Location"] == f"/swaps/{swap.pk}/"


# Exchanges: held, then evaluated


def test_mark_held_then_each_evaluates_from_the_page(quartier, alice, bob):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    alice_client, bob_client = client_for(alice), client_for(bob)

    early = bob_client.post(f"/swaps/exchanges/{exchange.pk}/evaluation/", {"text": "Super"})
    assert early.status_code == 400
    assert "Say first that the exchange took place." in early.content.decode()
    assert not Evaluation.objects.exists()

    page = alice_client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "Mark as held" in page
    assert "How did it go?" not in page
    response = alice_client.post(f"/swaps/exchanges/{exchange.pk}/held/")
    assert response["Location"] == f"/swaps/{swap.pk}/"
    exchange.refresh_from_db()
    assert exchange.held_at is not None
    assert Notification.objects.filter(user=bob, kind="exchange_held").exists()

    page = alice_client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "This swap has led to 1 exchange." in page
    assert "How did it go?" in page
    alice_client.post(
        f"/swaps/exchanges/{exchange.pk}/evaluation/", {"text": "Bob apprend <vite>."}
    )
    assert Evaluation.objects.get().author == alice
    page = alice_client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "Bob apprend &lt;vite&gt;." in page
    assert "How did it go?" not in page

    empty = bob_client.post(f"/swaps/exchanges/{exchange.pk}/evaluation/", {"text": " "})
    assert empty.status_code == 400
    assert f'id="evaluation-{exchange.pk}-text_errors"' in empty.content.decode()
    bob_client.post(f"/swaps/exchanges/{exchange.pk}/evaluation/", {"text": "Merci Alice"})
    assert Evaluation.objects.count() == 2
    page = bob_client.get(f"/swaps/{swap.pk}/").content.decode()
    assert "Bob apprend &lt;vite&gt;." in page
    assert "Merci Alice" in page


# My swaps


def test_the_nudge_invites_a_member_who_only_asks_to_offer_something(quartier, alice, bob):
    publish(quartier, alice, kind="request")
    publish(quartier, bob, kind="request", title="Tricot")
    publish(quartier, bob, kind="offer")
    page = client_for(alice).get("/swaps/mine/").content.decode()
    assert "You too have something to share" in page
    assert "help with a smartphone" in page
    assert f'href="/swaps/new/{quartier.slug}/?kind=offer"' in page
    assert "You too have something to share" not in (
        client_for(bob).get("/swaps/mine/").content.decode()
    )


def test_my_swaps_lists_what_fits_with_reciprocal_pairs_first(quartier, alice, bob, carol):
    mine = publish(quartier, alice, kind="request", title="Conversation en espagnol")
    publish(quartier, alice, kind="offer", title="Tricot", tags="tricot", category="diy")
    bob_offer = publish(quartier, bob, kind="offer", title="Espagnol au café")
    publish(quartier, bob, kind="request", title="Apprendre le tricot", tags="tricot")
    carol_offer = publish(quartier, carol, kind="offer", title="Espagnol pour tous")

    page = client_for(alice).get("/swaps/mine/").content.decode()

    assert "For “Conversation en espagnol”" in page
    assert page.index(f'href="/swaps/{bob_offer.pk}/"') < page.index(
        f'href="/swaps/{carol_offer.pk}/"'
    )
    assert "Reciprocal: you can teach each other" in suggestion(page, bob_offer)
    assert "Reciprocal" not in suggestion(page, carol_offer)
    assert f'href="/swaps/{mine.pk}/"' in page


def test_it_shows_the_matches_before_what_i_published_and_says_who_teaches(quartier, alice, bob):
    publish(quartier, alice, kind="request", title="Conversation en espagnol")
    publish(quartier, bob, kind="offer", title="Espagnol au café")

    page = client_for(alice, "fr").get("/swaps/mine/").content.decode()

    assert page.index('id="suggestions"') < page.index('id="mine"') < page.index('id="publish"')
    # One quartier: both ways to publish under the title, said in words nobody confuses.
    assert page.index("J’enseigne : je propose de transmettre un savoir") < page.index(
        'id="suggestions"'
    )
    assert "J’apprends : je cherche quelqu’un pour m’apprendre" in page
    assert '<span class="badge badge--learn">J’apprends</span>' in page
    assert "Proposer d’apprendre" not in page


def suggestion(page: str, swap: Swap) -> str:
    """The list item that suggests ``swap``."""
    start = page.index(f'<a href="/swaps/{swap.pk}/">')
    return page[start : page.index("</li>", start)]


def test_my_swaps_shows_open_reciprocity_cycles(quartier, alice, bob, carol):
    publish(quartier, alice, kind="offer", title="Tricot", tags="tricot", category="diy")
    bob_request = publish(quartier, bob, kind="request", title="Tricot", tags="tricot")
    publish(quartier, bob, kind="offer", title="Guitare", tags="guitare", category="music_arts")
    publish(quartier, carol, kind="request", title="Guitare", tags="guitare")
    publish(quartier, carol, kind="offer", title="Jardinage", tags="potager")
    carol_offer = Swap.objects.get(author=carol, kind="offer")
    publish(quartier, alice, kind="request", title="Jardinage", tags="potager")

    page = client_for(alice).get("/swaps/mine/").content.decode()

    assert "You could teach Bob, who could teach Carol, who could teach you." in page
    assert f'href="/swaps/{bob_request.pk}/">What Bob would like to learn' in page
    assert f'href="/swaps/{carol_offer.pk}/">What Carol can teach' in page


def _quartier_with_swaps(quartier, alice, count: int) -> None:
    for n in range(count):
        member = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=member)
        kind = "offer" if n % 2 else "request"
        publish(quartier, member, kind=kind, title=f"Espagnol {n}", tags=f"espagnol, sujet{n}")
    publish(quartier, alice, kind="request", title="Espagnol")
    publish(quartier, alice, kind="offer", title="Cuisine lyonnaise", category="cooking")
    cycle = UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=cycle)


@pytest.mark.parametrize("count", [2, 20])
def test_my_swaps_page_needs_the_same_queries_whatever_the_quartier(
    quartier, alice, count, django_assert_max_num_queries
):
    _quartier_with_swaps(quartier, alice, count)
    client = client_for(alice)
    # The page's own 7 (session, user, my swaps, the nudge, my memberships, the unread count,
    # the swaps shown), and the matching's: my quartiers, my open swaps, for each of my two
    # swaps its reciprocal strong fits, the others and, with fewer than ten, those sharing the
    # category alone, then the cycles' first query. They follow my swaps, never the quartier's.
    with django_assert_max_num_queries(7 + 2 + 2 * 3 + 1):
        response = client.get("/swaps/mine/")
    assert response.status_code == 200
    assert "Espagnol 1" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_swap_page_needs_the_same_queries_whatever_its_exchanges(
    quartier, alice, carol, count, django_assert_max_num_queries
):
    swap = publish(quartier, alice)
    for _n in range(count):
        member = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=member)
        exchange = services.swap_introduce(swap=swap, member=member, coordinator=carol)
        services.exchange_mark_held(exchange=exchange, actor=member)
        services.exchange_evaluate(exchange=exchange, author=member, text="Bien")
    client = client_for(alice)
    # 8, and one for "posted by a relais for …" under the swap.
    with django_assert_max_num_queries(9):
        response = client.get(f"/swaps/{swap.pk}/")
    assert response.status_code == 200
    assert f"This swap has led to {count} exchange" in response.content.decode()
    client = client_for(carol)
    with django_assert_max_num_queries(9):
        assert client.get(f"/swaps/{swap.pk}/").status_code == 200


# Coordinators' overview


def test_the_coordinator_sees_what_is_missing_by_category(quartier, alice, bob, carol):
    publish(quartier, alice, kind="request", category="languages")
    publish(quartier, bob, kind="offer", title="Potager", category="gardening")
    page = client_for(carol).get(f"/swaps/overview/{quartier.slug}/").content.decode()
    languages = page[page.index("Languages") :]
    assert languages.index("Missing: teachers") < languages.index("Cooking")
    gardening = page[page.index("Gardening") :]
    assert gardening.index("Missing: learners") < gardening.index("Music and arts")


# The quartier page


def test_the_quartier_page_links_to_swaps_for_members_only(quartier, alice, carol, dave):
    page = client_for(alice).get(f"/quartiers/{quartier.slug}/").content.decode()
    assert f'href="/swaps/new/{quartier.slug}/?kind=offer"' in page
    assert f'href="/swaps/new/{quartier.slug}/?kind=request"' in page
    assert f'href="/quartiers/{quartier.slug}/feed/"' in page
    assert "/swaps/overview/" not in page
    coordinator = client_for(carol).get(f"/quartiers/{quartier.slug}/").content.decode()
    assert f'href="/swaps/overview/{quartier.slug}/"' in coordinator
    outsider = client_for(dave).get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "/swaps/new/" not in outsider


def test_the_pages_speak_french_by_default(quartier, alice):
    swap = publish(quartier, alice)
    page = client_for(alice, language="fr").get(f"/swaps/{swap.pk}/").content.decode()
    assert '<html lang="fr">' in page


def test_it_asks_before_the_author_closes_a_swap(quartier, alice, bob, dave):
    swap = publish(quartier, alice)

    def closed() -> bool:
        swap.refresh_from_db()
        return swap.status == Swap.Status.CLOSED

    assert client_for(bob).get(f"/swaps/{swap.pk}/status/?status=closed").status_code == 403
    page = asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/swaps/{swap.pk}/status/",
        query="?status=closed&next=/swaps/mine/",
        data={"status": "closed"},
        done=closed,
        asks="Close your swap",
    )
    # "No" goes back to where the button was.
    assert 'href="/swaps/mine/">No, go back' in page


def test_a_link_asks_only_about_closing_never_about_another_status(quartier, alice):
    swap = publish(quartier, alice)
    for query in ("?status=paused", ""):
        response = client_for(alice).get(f"/swaps/{swap.pk}/status/{query}")
        assert response.status_code == 302 and response["Location"] == swap.get_absolute_url()
    swap.refresh_from_db()
    assert swap.status == Swap.Status.ACTIVE
