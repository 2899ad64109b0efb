"""The feed through the API: members read it page by page, coordinators hide an entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchanges.swaps import services
from neighbourhood.feed.models import FeedEntry
from tests.conftest import api_as
from tests.factories import MembershipFactory, QuartierFactory, swap_fields

pytestmark = pytest.mark.django_db


def publish(quartier, author, kind="offer", **overrides):
    return services.swap_create(
        quartier=quartier, author=author, kind=kind, **swap_fields(**overrides)
    )


def feed_url(quartier) -> str:
    return f"/api/v1/quartiers/{quartier.slug}/feed/"


def test_a_member_reads_the_feed_newest_first(quartier, alice, bob):
    first = publish(quartier, alice, title="Conversation en espagnol")
    second = publish(quartier, bob, kind="request", title="Réparer un vélo")

    response = api_as(alice).get(feed_url(quartier))

    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    assert [entry["title"] for entry in body["results"]] == ["Réparer un vélo", first.title]
    newest = body["results"][0]
    assert set(newest) == {
        "id",
        "kind",
        "title",
        "summary",
        "url",
        "author",
        "created_at",
        "updated_at",
    }
    assert newest["kind"] == "swap_request"
    assert newest["url"] == second.get_absolute_url()
    assert newest["author"] == {"id": bob.pk, "display_name": "Bob"}
    assert newest["summary"] == "Une heure par semaine, autour d'un café."


def test_it_filters_by_kind_text_and_mine(quartier, alice, bob):
    publish(quartier, alice, title="Conversation en espagnol")
    publish(quartier, bob, kind="request", title="Réparer un vélo")
    publish(quartier, bob, title="Tricot pour débutants")
    client = api_as(alice)

    def titles(**params):
        return [e["title"] for e in client.get(feed_url(quartier), params).json()["results"]]

    assert titles(kind="swap_request") == ["Réparer un vélo"]
    assert titles(q="tricot") == ["Tricot pour débutants"]
    assert titles(mine="true") == ["Conversation en espagnol"]
    assert titles(kind="swap_offer", mine="false") == [
        "Tricot pour débutants",
        "Conversation en espagnol",
    ]


def test_it_refuses_an_unknown_kind(quartier, alice):
    response = api_as(alice).get(feed_url(quartier), {"kind": "ride"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert response.json()["detail"]


def test_it_refuses_a_bad_cursor(quartier, alice):
    publish(quartier, alice)
    response = api_as(alice).get(feed_url(quartier), {"cursor": "not-a-cursor!"})
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == ["This page link is not valid."]


def test_the_cursors_walk_every_entry_once_in_order(quartier, alice):
    published = [publish(quartier, alice, title=f"Atelier {n}") for n in range(45)]
    client = api_as(alice)

    seen: list[str] = []
    pages = []
    cursor = ""
    while True:
        body = client.get(feed_url(quartier), {"cursor": cursor} if cursor else {}).json()
        pages.append(len(body["results"]))
        seen += [entry["title"] for entry in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert pages == [20, 20, 5]
    assert seen == [swap.title for swap in reversed(published)]


def test_a_deep_page_costs_the_same_queries_as_the_first(
    quartier, alice, django_assert_max_num_queries
):
    for n in range(45):
        publish(quartier, alice, title=f"Atelier {n}")
    client = api_as(alice)
    second_cursor = client.get(feed_url(quartier)).json()["next_cursor"]
    third_cursor = client.get(feed_url(quartier), {"cursor": second_cursor}).json()["next_cursor"]

    with CaptureQueriesContext(connection) as first_page:
        client.get(feed_url(quartier))
    with django_assert_max_num_queries(1), CaptureQueriesContext(connection) as third_page:
        response = client.get(feed_url(quartier), {"cursor": third_cursor})

    assert len(response.json()["results"]) == 5
    assert len(third_page) == len(first_page)


def test_the_feed_does_not_grow_in_queries_with_entries(
    quartier, alice, bob, django_assert_max_num_queries
):
    for n in range(5):
        publish(quartier, bob, title=f"Atelier {n}")
    client = api_as(alice)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(feed_url(quartier)).json()["results"]) == 5

    for _ in range(15):
        # Different authors, so a missing join would show as a query per entry.
        MembershipFactory.create(quartier=quartier)
    for membership in quartier.memberships.select_related("user").all():
        publish(quartier, membership.user, title=f"Cours de {membership.user.public_name}")
    with django_assert_max_num_queries(1), CaptureQueriesContext(connection) as many:
        assert len(client.get(feed_url(quartier)).json()["results"]) == 20

    assert len(many) == len(few)


def test_a_coordinator_hides_an_entry_and_puts_it_back(quartier, alice, bob, carol):
    swap = publish(quartier, bob, title="Vente de bijoux")
    entry = FeedEntry.objects.get()
    url = f"{feed_url(quartier)}{entry.pk}/hide/"

    response = api_as(carol).post(url, {"hidden": True}, format="json")

    assert response.status_code == 200
    assert response.json()["is_hidden"] is True
    entry.refresh_from_db()
    assert (entry.is_hidden, entry.is_visible) == (True, False)
    assert api_as(alice).get(feed_url(quartier)).json()["results"] == []

    response = api_as(carol).post(url, {"hidden": False}, format="json")

    assert response.status_code == 200
    assert response.json()["is_hidden"] is False
    titles = [e["title"] for e in api_as(alice).get(feed_url(quartier)).json()["results"]]
    assert titles == [swap.title]


def test_a_member_may_not_hide_an_entry(quartier, alice, bob, carol):
    publish(quartier, bob)
    entry = FeedEntry.objects.get()
    response = api_as(alice).post(f"{feed_url(quartier)}{entry.pk}/hide/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only a coordinator of this quartier can do this."
    assert FeedEntry.objects.get().is_visible


def test_it_refuses_a_hidden_flag_that_is_not_a_yes_or_no(quartier, bob, carol):
    publish(quartier, bob)
    entry = FeedEntry.objects.get()
    response = api_as(carol).post(
        f"{feed_url(quartier)}{entry.pk}/hide/", {"hidden": "perhaps"}, format="json"
    )
    assert response.status_code == 400
    assert "hidden" in response.json()["errors"]
    assert FeedEntry.objects.get().is_visible


def test_a_coordinator_cannot_hide_an_entry_of_another_quartier_through_theirs(
    quartier, carol, dave
):
    elsewhere = QuartierFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=dave)
    publish(elsewhere, dave)
    entry = FeedEntry.objects.get()
    response = api_as(carol).post(f"{feed_url(quartier)}{entry.pk}/hide/", {}, format="json")
    assert response.status_code == 404
    assert FeedEntry.objects.get().is_visible


FEED_ENDPOINTS = [("get", ""), ("post", "{entry_id}/hide/")]


@pytest.mark.parametrize(("method", "path"), FEED_ENDPOINTS)
def test_dave_gets_404_on_every_feed_endpoint(quartier, alice, carol, dave, method, path):
    publish(quartier, alice)
    entry = FeedEntry.objects.get()
    url = feed_url(quartier) + path.format(entry_id=entry.pk)
    response = getattr(api_as(dave), method)(url, {"hidden": True}, format="json")
    assert response.status_code == 404
    assert FeedEntry.objects.get().is_visible


def test_an_anonymous_visitor_reads_no_feed(api, quartier, alice):
    publish(quartier, alice)
    response = api.get(feed_url(quartier))
    assert response.status_code in {401, 403}
    assert "results" not in response.json()


def test_a_page_is_written_as_the_serializers_the_schema_shows_would_write_it(quartier, alice):
    from django.utils import timezone, translation

    from neighbourhood.feed import selectors
    from neighbourhood.feed.api.serializers import FeedPageSerializer, page_data

    nameless = MembershipFactory.create(quartier=quartier, user__display_name="").user
    for n in range(25):
        publish(quartier, alice if n % 2 else nameless, title=f"Atelier {n}")
    with timezone.override("Europe/Paris"), translation.override("fr"):
        first = selectors.feed_page(quartier=quartier, viewer=alice)
        second = selectors.feed_page(
            quartier=quartier, viewer=alice, cursor=first.next_cursor or ""
        )
        for page in (first, second):
            expected = FeedPageSerializer(
                {"results": page.entries, "next_cursor": page.next_cursor}
            ).data
            assert page_data(page) == expected
        names = {entry["author"]["display_name"] for entry in page_data(first)["results"]}
        assert names == {"Alice", nameless.public_name}
        moment = timezone.localtime(first.entries[0].created_at).isoformat()
        assert page_data(first)["results"][0]["created_at"] == moment  # in the reader's zone


def test_a_page_is_one_query_with_the_membership_as_its_condition(
    quartier, alice, bob, django_assert_num_queries
):
    publish(quartier, bob, title="Atelier vélo")
    client = api_as(alice)  # signed in without a session: the page's own queries only
    with django_assert_num_queries(1) as captured:
        response = client.get(feed_url(quartier))
    assert [entry["title"] for entry in response.json()["results"]] == ["Atelier vélo"]
    assert "quartiers_membership" in captured.captured_queries[0]["sql"]


def test_an_empty_feed_is_a_members_and_an_outsiders_404(quartier, alice, dave):
    assert api_as(alice).get(feed_url(quartier)).json() == {"results": [], "next_cursor": None}
    assert api_as(dave).get(feed_url(quartier)).status_code == 404
    assert api_as(dave).get("/api/v1/quartiers/no-such-quartier/feed/").status_code == 404


def test_a_former_member_reads_no_entry(quartier, alice, bob):
    publish(quartier, alice)
    quartier.memberships.filter(user=bob).update(status="left")
    assert api_as(bob).get(feed_url(quartier)).status_code == 404


@pytest.mark.parametrize("query", [{"cursor": "not-a-cursor"}, {"kind": "nothing"}])
def test_a_refused_query_is_a_404_to_an_outsider_and_a_400_to_a_member(
    quartier, alice, dave, query
):
    publish(quartier, alice)
    assert api_as(dave).get(feed_url(quartier), query).status_code == 404
    response = api_as(alice).get(feed_url(quartier), query)
    assert response.status_code == 400
    assert response.json()["errors"]
