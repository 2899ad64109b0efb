"""Knowledge swaps through the API: publish, edit, pause and renew; interest, introductions,
exchanges and evaluations; my swaps and what fits them; the coordinators' overview."""

import datetime

import pytest
from django.utils import timezone

from exchanges.swaps import services
from exchanges.swaps.models import Evaluation, Exchange, Swap
from messaging.models import Conversation, Message, Notification
from neighbourhood.feed.models import FeedEntry
from tests.conftest import api_as
from tests.factories import MembershipFactory, QuartierFactory, swap_fields

pytestmark = pytest.mark.django_db


def publish(quartier, author, kind="offer", **overrides) -> Swap:
    return services.swap_create(
        quartier=quartier, author=author, kind=kind, **swap_fields(**overrides)
    )


def list_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/swaps/"


def in_three_months() -> str:
    return (timezone.localdate() + datetime.timedelta(days=91)).isoformat()


# --- Publishing -------------------------------------------------------------------------------


def test_a_member_publishes_an_offer_that_appears_in_the_feed(quartier, alice):
    response = api_as(alice).post(list_url(quartier), swap_fields(kind="offer"), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Conversation en espagnol"
    assert body["tags"] == ["espagnol", "conversation"]
    assert body["ends_on"] == in_three_months()
    assert body["quartier"] == "croix-rousse"
    assert body["author"] == {"id": alice.pk, "display_name": "Alice"}
    assert (body["status"], body["is_open"], body["held_count"]) == ("active", True, 0)
    swap = Swap.objects.get()
    assert (swap.pk, swap.author, swap.kind) == (body["id"], alice, "offer")
    entry = FeedEntry.objects.get()
    assert (entry.title, entry.kind, entry.is_visible) == (swap.title, "swap_offer", True)


def test_tags_may_come_as_a_list_and_the_end_as_a_date(quartier, alice):
    ends_on = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = api_as(alice).post(
        list_url(quartier),
        swap_fields(kind="request", tags=["Jardinage", "Potager bio"], ends_on=ends_on),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["tags"] == ["Jardinage", "Potager bio"]
    assert Swap.objects.get().ends_on.isoformat() == ends_on


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("category", "astrology"),
        ("ends_on", "2020-01-01"),
        ("description", "x" * 50_000),
        ("kind", "gift"),
        ("format", "crowd"),
        ("tags", 12),
        ("tags", ["ok", 3]),
    ],
)
def test_it_refuses_bad_input_with_a_message_per_field_and_stores_nothing(
    quartier, alice, field, value
):
    response = api_as(alice).post(
        list_url(quartier), swap_fields(kind="offer") | {field: value}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"]
    assert Swap.objects.count() == 0
    assert FeedEntry.objects.count() == 0


def test_it_says_why_an_end_in_the_past_is_refused(quartier, alice):
    response = api_as(alice).post(
        list_url(quartier), swap_fields(kind="offer", ends_on="2020-01-01"), format="json"
    )
    assert response.json()["errors"]["ends_on"] == ["The end date cannot be in the past."]


def test_it_asks_for_the_kind(quartier, alice):
    response = api_as(alice).post(list_url(quartier), swap_fields(), format="json")
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert not Swap.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


def test_members_list_the_open_swaps_by_kind_and_category(quartier, alice, bob):
    publish(quartier, alice, title="Espagnol")
    publish(quartier, bob, kind="request", title="Potager", category="gardening")
    paused = publish(quartier, bob, title="Guitare", category="music_arts")
    services.swap_set_status(swap=paused, actor=bob, status="paused")
    client = api_as(alice)

    def titles(**params):
        response = client.get(list_url(quartier), params)
        assert response.status_code == 200
        return [swap["title"] for swap in response.json()]

    assert titles() == ["Potager", "Espagnol"]
    assert titles(kind="offer") == ["Espagnol"]
    assert titles(category="gardening") == ["Potager"]
    assert titles(kind="request", category="languages") == []


def test_it_refuses_an_unknown_category_in_the_list(quartier, alice):
    response = api_as(alice).get(list_url(quartier), {"category": "astrology"})
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_the_swap_list_does_not_grow_in_queries_with_swaps(
    quartier, alice, bob, django_assert_max_num_queries
):
    for n in range(20):
        member = MembershipFactory.create(quartier=quartier).user
        swap = publish(quartier, member, title=f"Atelier {n}")
        services.swap_express_interest(swap=swap, member=bob)
    client = api_as(alice)
    with django_assert_max_num_queries(3):
        response = client.get(list_url(quartier))
    assert len(response.json()) == 20
    assert {swap["quartier"] for swap in response.json()} == {"croix-rousse"}


def test_a_member_reads_a_swap_with_its_held_exchanges(quartier, alice, bob, carol):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    services.exchange_mark_held(exchange=exchange, actor=bob)
    services.swap_express_interest(swap=swap, member=carol)

    response = api_as(carol).get(f"/api/v1/swaps/{swap.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["held_count"], body["is_open"]) == (swap.pk, 1, True)
    assert body["author"] == {"id": alice.pk, "display_name": "Alice"}
    assert body["quartier"] == "croix-rousse"
    assert body["description"] == swap.description


def test_a_swap_past_its_end_is_no_longer_open(quartier, alice, bob):
    swap = publish(quartier, alice)
    Swap.objects.filter(pk=swap.pk).update(ends_on=timezone.localdate() - datetime.timedelta(1))
    body = api_as(bob).get(f"/api/v1/swaps/{swap.pk}/").json()
    assert (body["status"], body["is_open"]) == ("active", False)


def test_an_unknown_swap_is_404(alice):
    assert api_as(alice).get("/api/v1/swaps/999999/").status_code == 404


# --- Changing ---------------------------------------------------------------------------------


def test_the_author_edits_and_the_feed_follows(quartier, alice):
    swap = publish(quartier, alice)
    response = api_as(alice).patch(
        f"/api/v1/swaps/{swap.pk}/",
        {"title": "Espagnol pour débutants", "tags": "espagnol, debutant"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Espagnol pour débutants"
    assert response.json()["held_count"] == 0
    swap.refresh_from_db()
    assert (swap.title, swap.tags) == ("Espagnol pour débutants", ["espagnol", "debutant"])
    assert swap.description == "Une heure par semaine, autour d'un café."
    assert FeedEntry.objects.get().title == "Espagnol pour débutants"


def test_only_the_author_edits(quartier, alice, bob, carol):
    swap = publish(quartier, alice)
    for someone in (bob, carol):
        response = api_as(someone).patch(
            f"/api/v1/swaps/{swap.pk}/", {"title": "Volé"}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the author of this swap can change it."
    assert Swap.objects.get().title == "Conversation en espagnol"
    assert FeedEntry.objects.get().title == "Conversation en espagnol"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("ends_on", "2020-01-01"),
        ("category", "astrology"),
        ("kind", "request"),
        ("description", "x" * 50_000),
    ],
)
def test_it_refuses_a_bad_edit_and_changes_nothing(quartier, alice, field, value):
    swap = publish(quartier, alice)
    response = api_as(alice).patch(f"/api/v1/swaps/{swap.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    unchanged = Swap.objects.get()
    assert (unchanged.title, unchanged.kind, unchanged.category, unchanged.ends_on) == (
        swap.title,
        "offer",
        "languages",
        swap.ends_on,
    )


def test_the_author_pauses_resumes_and_closes(quartier, alice):
    swap = publish(quartier, alice)
    url = f"/api/v1/swaps/{swap.pk}/status/"
    client = api_as(alice)

    paused = client.post(url, {"status": "paused"}, format="json")
    assert paused.status_code == 200
    assert (paused.json()["status"], paused.json()["is_open"]) == ("paused", False)
    assert not FeedEntry.objects.get().is_visible

    assert client.post(url, {"status": "active"}, format="json").status_code == 200
    assert FeedEntry.objects.get().is_visible

    assert client.post(url, {"status": "closed"}, format="json").status_code == 200
    reopened = client.post(url, {"status": "active"}, format="json")
    assert reopened.status_code == 400
    assert "closed" in reopened.json()["detail"]
    assert Swap.objects.get().status == "closed"
    assert not FeedEntry.objects.get().is_visible


def test_it_refuses_an_unknown_status(quartier, alice):
    swap = publish(quartier, alice)
    response = api_as(alice).post(
        f"/api/v1/swaps/{swap.pk}/status/", {"status": "forgotten"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert Swap.objects.get().status == "active"


def test_only_the_author_pauses(quartier, alice, bob):
    swap = publish(quartier, alice)
    response = api_as(bob).post(
        f"/api/v1/swaps/{swap.pk}/status/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 403
    assert Swap.objects.get().status == "active"


def test_renewing_gives_three_more_months_and_brings_it_back(quartier, alice, bob):
    swap = publish(quartier, alice, ends_on=timezone.localdate() + datetime.timedelta(days=2))
    services.swap_set_status(swap=swap, actor=alice, status="paused")

    assert api_as(bob).post(f"/api/v1/swaps/{swap.pk}/renew/").status_code == 403
    assert Swap.objects.get().status == "paused"

    response = api_as(alice).post(f"/api/v1/swaps/{swap.pk}/renew/")

    assert response.status_code == 200
    assert response.json()["ends_on"] == in_three_months()
    assert response.json()["status"] == "active"
    assert FeedEntry.objects.get().is_visible


def test_a_closed_swap_cannot_be_renewed(quartier, alice):
    swap = publish(quartier, alice)
    services.swap_set_status(swap=swap, actor=alice, status="closed")
    response = api_as(alice).post(f"/api/v1/swaps/{swap.pk}/renew/")
    assert response.status_code == 400
    assert Swap.objects.get().status == "closed"


# --- Putting people in touch ------------------------------------------------------------------


def test_interest_opens_a_conversation_and_notifies_the_author(quartier, alice, bob):
    swap = publish(quartier, alice)

    response = api_as(bob).post(
        f"/api/v1/swaps/{swap.pk}/interest/", {"message": "Ça m'intéresse !"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    exchange = Exchange.objects.get()
    conversation = Conversation.objects.get()
    assert body["id"] == exchange.pk
    assert body["conversation"] == conversation.pk
    assert body["member"] == {"id": bob.pk, "display_name": "Bob"}
    assert (body["swap"], body["introduced_by"], body["held_at"]) == (swap.pk, None, None)
    assert Message.objects.get().body == "Ça m'intéresse !"
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.actor) == (
        alice,
        "swap_interest",
        bob,
    )


def test_interest_is_refused_twice_and_on_my_own_swap(quartier, alice, bob):
    swap = publish(quartier, alice)
    url = f"/api/v1/swaps/{swap.pk}/interest/"
    assert api_as(bob).post(url, {}, format="json").status_code == 201

    again = api_as(bob).post(url, {}, format="json")
    mine = api_as(alice).post(url, {}, format="json")

    assert again.status_code == 400
    assert "already in touch" in again.json()["detail"]
    assert mine.status_code == 400
    assert "your own" in mine.json()["detail"]
    assert Exchange.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_interest_is_refused_on_a_paused_swap(quartier, alice, bob):
    swap = publish(quartier, alice)
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    response = api_as(bob).post(f"/api/v1/swaps/{swap.pk}/interest/", {}, format="json")
    assert response.status_code == 400
    assert "no longer open" in response.json()["detail"]
    assert not Exchange.objects.exists()


def test_a_coordinator_introduces_a_member_to_the_author(quartier, alice, bob, carol):
    swap = publish(quartier, alice, kind="request")

    response = api_as(carol).post(
        f"/api/v1/swaps/{swap.pk}/introductions/",
        {"member_id": bob.pk, "message": "Bob parle espagnol couramment."},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["member"]["id"] == bob.pk
    assert body["introduced_by"] == {"id": carol.pk, "display_name": "Carol"}
    exchange = Exchange.objects.get()
    assert exchange.introduced_by == carol
    assert {p.user for p in exchange.conversation.participants.all()} == {alice, bob, carol}
    assert Message.objects.get().body == "Bob parle espagnol couramment."
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        "alice@example.org",
        "bob@example.org",
    }


@pytest.mark.parametrize("who", ["dave", "alice", "nobody"])
def test_a_coordinator_introduces_only_another_member(quartier, alice, carol, dave, who):
    swap = publish(quartier, alice, kind="request")
    member_id = {"dave": dave.pk, "alice": alice.pk, "nobody": 999_999}[who]
    response = api_as(carol).post(
        f"/api/v1/swaps/{swap.pk}/introductions/", {"member_id": member_id}, format="json"
    )
    assert response.status_code == 400
    assert "member_id" in response.json()["errors"]
    assert not Exchange.objects.exists()
    assert not Notification.objects.exists()


def test_a_member_may_not_introduce(quartier, alice, bob, carol):
    swap = publish(quartier, alice, kind="request")
    response = api_as(bob).post(
        f"/api/v1/swaps/{swap.pk}/introductions/", {"member_id": carol.pk}, format="json"
    )
    assert response.status_code == 403
    assert not Exchange.objects.exists()


# --- Exchanges and evaluations ----------------------------------------------------------------


def test_the_two_mark_the_exchange_held_and_each_evaluates_once(quartier, alice, bob):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    evaluation_url = f"/api/v1/exchanges/{exchange.pk}/evaluation/"

    too_soon = api_as(bob).post(evaluation_url, {"text": "Super"}, format="json")
    assert too_soon.status_code == 400
    assert "took place" in too_soon.json()["detail"]

    held = api_as(bob).post(f"/api/v1/exchanges/{exchange.pk}/held/")
    assert held.status_code == 200
    assert held.json()["held_at"] is not None
    assert Notification.objects.filter(kind="exchange_held", user=alice).exists()

    response = api_as(bob).post(evaluation_url, {"text": "Très clair, merci."}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["author"] == {"id": bob.pk, "display_name": "Bob"}
    assert response.json()["text"] == "Très clair, merci."
    other = api_as(alice).post(evaluation_url, {"text": "Bob progresse."}, format="json")
    assert other.status_code == 201

    twice = api_as(bob).post(evaluation_url, {"text": "Encore"}, format="json")
    assert twice.status_code == 400
    assert "already evaluated" in twice.json()["detail"]
    assert Evaluation.objects.count() == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_it_refuses_an_empty_or_too_long_evaluation(quartier, alice, bob, text):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    services.exchange_mark_held(exchange=exchange, actor=alice)
    response = api_as(bob).post(
        f"/api/v1/exchanges/{exchange.pk}/evaluation/", {"text": text}, format="json"
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]
    assert not Evaluation.objects.exists()


def test_a_member_outside_the_exchange_cannot_touch_it(quartier, alice, bob, carol):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob)
    assert api_as(carol).post(f"/api/v1/exchanges/{exchange.pk}/held/").status_code == 404
    response = api_as(carol).post(
        f"/api/v1/exchanges/{exchange.pk}/evaluation/", {"text": "Bien"}, format="json"
    )
    assert response.status_code == 404
    assert Exchange.objects.get().held_at is None


def test_the_author_sees_every_exchange_and_the_others_only_theirs(
    quartier, alice, bob, carol, django_assert_max_num_queries
):
    swap = publish(quartier, alice)
    with_bob = services.swap_express_interest(swap=swap, member=bob)
    services.swap_express_interest(swap=swap, member=carol)
    services.exchange_mark_held(exchange=with_bob, actor=bob)
    services.exchange_evaluate(exchange=with_bob, author=bob, text="Merci Alice.")
    services.exchange_evaluate(exchange=with_bob, author=alice, text="Merci Bob.")
    for _ in range(10):
        member = MembershipFactory.create(quartier=quartier).user
        services.swap_express_interest(swap=swap, member=member)
    url = f"/api/v1/swaps/{swap.pk}/exchanges/"

    client = api_as(alice)
    with django_assert_max_num_queries(4):
        mine = client.get(url).json()
    theirs = api_as(bob).get(url).json()

    assert len(mine) == 12
    assert [e["member"]["display_name"] for e in theirs] == ["Bob"]
    assert [(e["author"]["display_name"], e["text"]) for e in theirs[0]["evaluations"]] == [
        ("Bob", "Merci Alice."),
        ("Alice", "Merci Bob."),
    ]
    assert theirs[0]["conversation"] == with_bob.conversation_id


# --- Mine, what fits, and the overview --------------------------------------------------------


def test_my_swaps_lists_mine_in_every_quartier_and_state(
    quartier, alice, bob, django_assert_max_num_queries
):
    elsewhere = QuartierFactory.create(slug="guillotiere")
    MembershipFactory.create(quartier=elsewhere, user=alice)
    publish(quartier, alice, title="Espagnol")
    paused = publish(elsewhere, alice, title="Guitare")
    services.swap_set_status(swap=paused, actor=alice, status="paused")
    for n in range(10):
        publish(quartier, alice, title=f"Atelier {n}")
    publish(quartier, bob, title="Pas à moi")
    client = api_as(alice)

    with django_assert_max_num_queries(1):
        body = client.get("/api/v1/me/swaps/").json()

    assert len(body) == 12
    assert "Pas à moi" not in [swap["title"] for swap in body]
    guitar = next(swap for swap in body if swap["title"] == "Guitare")
    assert (guitar["quartier"], guitar["status"]) == ("guillotiere", "paused")
    assert {swap["author"]["display_name"] for swap in body} == {"Alice"}


def test_suggestions_put_reciprocal_matches_first_and_find_three_cycles(
    quartier, alice, bob, carol, django_assert_max_num_queries
):
    # alice teaches Spanish to bob, bob teaches gardening to carol, carol teaches knitting to alice.
    spanish = publish(quartier, alice, title="Espagnol", tags="espagnol")
    publish(quartier, bob, kind="request", title="Espagnol", tags="espagnol")
    publish(quartier, bob, title="Potager", tags="potager", category="gardening")
    publish(quartier, carol, kind="request", title="Potager", tags="potager", category="gardening")
    publish(quartier, carol, title="Tricot", tags="tricot", category="other")
    knitting = publish(
        quartier, alice, kind="request", title="Tricot", tags="tricot", category="other"
    )
    # dave would teach Spanish too, but in another quartier: never suggested.
    elsewhere = QuartierFactory.create()
    dave_like = MembershipFactory.create(quartier=elsewhere).user
    publish(elsewhere, dave_like, kind="request", title="Espagnol", tags="espagnol")
    client = api_as(alice)

    # My quartiers, my open swaps; for each of my two, its reciprocal strong fits, the others
    # and (fewer than ten) those sharing the category alone; the cycle's y, then its z; the
    # swaps shown and the people of the cycle.
    with django_assert_max_num_queries(2 + 2 * 3 + 2 + 2):
        response = client.get("/api/v1/me/swaps/suggestions/")

    assert response.status_code == 200
    body = response.json()
    by_title = {item["swap"]["title"] + "/" + item["swap"]["kind"]: item for item in body["swaps"]}
    assert set(by_title) == {"Espagnol/offer", "Tricot/request"}
    spanish_matches = by_title["Espagnol/offer"]["matches"]
    assert [(m["swap"]["author"]["display_name"], m["swap"]["kind"]) for m in spanish_matches] == [
        ("Bob", "request")
    ]
    assert spanish_matches[0]["score"] > 0
    assert by_title["Espagnol/offer"]["swap"]["id"] == spanish.pk
    assert by_title["Tricot/request"]["swap"]["id"] == knitting.pk
    assert [m["swap"]["author"]["display_name"] for m in by_title["Tricot/request"]["matches"]] == [
        "Carol"
    ]
    assert body["cycles"] == [
        {
            "learner": {"id": bob.pk, "display_name": "Bob"},
            "third": {"id": carol.pk, "display_name": "Carol"},
        }
    ]


def test_a_reciprocal_pair_is_marked_and_listed_first(quartier, alice, bob, carol):
    publish(quartier, alice, kind="request", title="Espagnol", tags="espagnol")
    publish(quartier, alice, title="Potager", tags="potager", category="gardening")
    publish(quartier, carol, title="Espagnol", tags="espagnol")
    publish(quartier, bob, title="Espagnol", tags="espagnol")
    publish(quartier, bob, kind="request", title="Potager", tags="potager")

    body = api_as(alice).get("/api/v1/me/swaps/suggestions/").json()

    request = next(item for item in body["swaps"] if item["swap"]["kind"] == "request")
    assert [(m["swap"]["author"]["display_name"], m["reciprocal"]) for m in request["matches"]] == [
        ("Bob", True),
        ("Carol", False),
    ]


def test_suggestions_cost_the_same_queries_however_many_swaps_fit(
    quartier, alice, django_assert_max_num_queries
):
    publish(quartier, alice, kind="request", title="Espagnol", tags="espagnol")
    for _ in range(15):
        teacher = MembershipFactory.create(quartier=quartier).user
        publish(quartier, teacher, title="Espagnol", tags="espagnol")
        publish(quartier, teacher, kind="request", title="Espagnol", tags="espagnol")
    client = api_as(alice)
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/me/swaps/suggestions/").json()
    assert len(body["swaps"][0]["matches"]) == 10


def test_a_coordinator_sees_what_the_quartier_offers_and_asks_by_category(
    quartier, alice, bob, carol
):
    publish(quartier, alice, category="languages")
    publish(quartier, bob, kind="request", category="languages")
    publish(quartier, bob, kind="request", category="gardening")
    closed = publish(quartier, alice, category="gardening")
    services.swap_set_status(swap=closed, actor=alice, status="closed")

    response = api_as(carol).get(f"/api/v1/quartiers/{quartier.slug}/swaps/overview/")

    assert response.status_code == 200
    counts = {row["category"]: (row["offers"], row["requests"]) for row in response.json()}
    assert counts["languages"] == (1, 1)
    assert counts["gardening"] == (0, 1)
    assert counts["cooking"] == (0, 0)
    assert next(row["label"] for row in response.json() if row["category"] == "diy") == (
        "DIY and repair"
    )


def test_a_member_may_not_read_the_overview(quartier, alice, carol):
    response = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/swaps/overview/")
    assert response.status_code == 403


# --- dave, the outsider -----------------------------------------------------------------------


SWAP_ENDPOINTS = [
    ("get", "/api/v1/quartiers/{slug}/swaps/"),
    ("post", "/api/v1/quartiers/{slug}/swaps/"),
    ("get", "/api/v1/quartiers/{slug}/swaps/overview/"),
    ("get", "/api/v1/swaps/{swap_id}/"),
    ("patch", "/api/v1/swaps/{swap_id}/"),
    ("post", "/api/v1/swaps/{swap_id}/status/"),
    ("post", "/api/v1/swaps/{swap_id}/renew/"),
    ("post", "/api/v1/swaps/{swap_id}/interest/"),
    ("post", "/api/v1/swaps/{swap_id}/introductions/"),
    ("get", "/api/v1/swaps/{swap_id}/exchanges/"),
    ("post", "/api/v1/exchanges/{exchange_id}/held/"),
    ("post", "/api/v1/exchanges/{exchange_id}/evaluation/"),
]


@pytest.mark.parametrize(("method", "path"), SWAP_ENDPOINTS)
def test_dave_gets_404_on_every_swap_and_exchange_endpoint(
    quartier, alice, bob, carol, dave, method, path
):
    swap = publish(quartier, alice)
    exchange = services.swap_express_interest(swap=swap, member=bob, message="Bonjour")
    url = path.format(slug=quartier.slug, swap_id=swap.pk, exchange_id=exchange.pk)
    payload = swap_fields(kind="offer", title="Piraté") | {
        "status": "closed",
        "member_id": dave.pk,
        "message": "Coucou",
        "text": "Nul",
    }

    response = getattr(api_as(dave), method)(url, payload, format="json")

    assert response.status_code == 404
    assert "Alice" not in response.content.decode()
    swap = Swap.objects.get()
    assert (swap.title, swap.status, swap.ends_on) == (
        "Conversation en espagnol",
        "active",
        swap.ends_on,
    )
    assert FeedEntry.objects.get().is_visible
    assert Exchange.objects.get().held_at is None
    assert not Evaluation.objects.exists()
    assert Message.objects.count() == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/quartiers/{slug}/swaps/overview/"),
        ("post", "/api/v1/swaps/{swap_id}/introductions/"),
    ],
)
def test_a_member_gets_403_on_coordinator_endpoints(quartier, alice, bob, carol, method, path):
    swap = publish(quartier, alice, kind="request")
    url = path.format(slug=quartier.slug, swap_id=swap.pk)
    response = getattr(api_as(bob), method)(url, {"member_id": carol.pk}, format="json")
    assert response.status_code == 403
    assert not Exchange.objects.exists()


def test_dave_has_no_swaps_and_no_suggestions(quartier, alice, dave):
    publish(quartier, alice)
    assert api_as(dave).get("/api/v1/me/swaps/").json() == []
    assert api_as(dave).get("/api/v1/me/swaps/suggestions/").json() == {"swaps": [], "cycles": []}


def test_a_former_member_loses_the_swaps_of_the_quartier(quartier, alice, bob, carol):
    swap = publish(quartier, alice)
    api_as(bob).post(f"/api/v1/quartiers/{quartier.slug}/leave/")
    assert api_as(bob).get(f"/api/v1/swaps/{swap.pk}/").status_code == 404
    assert api_as(bob).get(list_url(quartier)).status_code == 404


def test_an_anonymous_visitor_cannot_publish(api, quartier):
    response = api.post(list_url(quartier), swap_fields(kind="offer"), format="json")
    assert response.status_code in {401, 403}
    assert not Swap.objects.exists()
