import pytest
from django.core import mail

from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from tests.conftest import api_as
from tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db

NEW_QUARTIER = {
    "name": "Pentes de la Croix-Rousse",
    "slug": "pentes",
    "description": "Les pentes.",
    "latitude": 45.7701,
    "longitude": 4.8311,
    "radius_km": 0.8,
    "policy": "approval",
}


def test_it_creates_a_quartier_with_its_creator_as_coordinator(dave):
    response = api_as(dave).post("/api/v1/quartiers/", NEW_QUARTIER, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["my_role"] == "coordinator"
    assert response.json()["member_count"] == 1
    assert Membership.objects.get(user=dave).role == "coordinator"


def test_it_creates_a_quartier_from_its_required_fields_only(dave):
    required = {key: NEW_QUARTIER[key] for key in ("name", "slug", "latitude", "longitude")}
    response = api_as(dave).post("/api/v1/quartiers/", required, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["description"], body["radius_km"], body["policy"]) == ("", 1.0, "open")
    assert Membership.objects.get(user=dave).role == "coordinator"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", 120),
        ("longitude", "east"),
        ("radius_km", -1),
        ("policy", "invite-only"),
        ("slug", "Not A Slug!"),
        ("name", ""),
    ],
)
def test_it_refuses_bad_input_with_a_message_per_field_and_creates_nothing(dave, field, value):
    response = api_as(dave).post("/api/v1/quartiers/", NEW_QUARTIER | {field: value}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"]
    assert not Quartier.objects.exists()


def test_it_refuses_a_taken_slug(dave, quartier):
    response = api_as(dave).post(
        "/api/v1/quartiers/", NEW_QUARTIER | {"slug": quartier.slug}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]
    assert Quartier.objects.count() == 1


def test_an_anonymous_visitor_cannot_create(api):
    response = api.post("/api/v1/quartiers/", NEW_QUARTIER, format="json")
    assert response.status_code in {401, 403}
    assert not Quartier.objects.exists()


def test_it_searches_by_name(api, quartier):
    QuartierFactory.create(name="Guillotière", slug="guillotiere")
    response = api.get("/api/v1/quartiers/", {"q": "croix"})
    assert [q["slug"] for q in response.json()] == ["croix-rousse"]


def test_it_searches_by_distance_nearest_first(api):
    QuartierFactory.create(name="Far", slug="far", latitude=45.80, longitude=4.83)
    QuartierFactory.create(name="Near", slug="near", latitude=45.7746, longitude=4.8321)
    QuartierFactory.create(name="Paris", slug="paris", latitude=48.8566, longitude=2.3522)
    response = api.get("/api/v1/quartiers/", {"latitude": 45.7745, "longitude": 4.8320})
    body = response.json()
    assert [q["slug"] for q in body] == ["near", "far"]
    assert body[0]["distance_km"] < 0.1
    assert 2.5 < body[1]["distance_km"] < 3.1


def test_it_refuses_a_search_with_half_a_point(api):
    response = api.get("/api/v1/quartiers/", {"latitude": 45.7})
    assert response.status_code == 400
    assert "longitude" in response.json()["detail"]


def test_an_outsider_sees_only_the_public_card(quartier, carol, alice, dave):
    response = api_as(dave).get(f"/api/v1/quartiers/{quartier.slug}/")
    assert response.status_code == 200
    assert set(response.json()) == {
        "slug",
        "name",
        "description",
        "policy",
        "member_count",
        "distance_km",
    }
    assert response.json()["member_count"] == 2


def test_a_member_sees_the_whole_quartier(quartier, alice):
    body = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/").json()
    assert body["my_role"] == "member"
    assert body["latitude"] == quartier.latitude


def test_join_on_approval_from_request_to_membership(quartier, carol, dave):
    response = api_as(dave).post(
        f"/api/v1/quartiers/{quartier.slug}/join/", {"message": "Bonjour !"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "requested"
    request_id = response.json()["join_request"]["id"]

    pending = api_as(carol).get(f"/api/v1/quartiers/{quartier.slug}/join-requests/").json()
    assert [r["id"] for r in pending] == [request_id]
    assert pending[0]["message"] == "Bonjour !"

    decided = api_as(carol).post(
        f"/api/v1/quartiers/{quartier.slug}/join-requests/{request_id}/decision/",
        {"decision": "approve"},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    members = api_as(dave).get(f"/api/v1/quartiers/{quartier.slug}/members/").json()
    assert "Dave" in [m["display_name"] for m in members]


def test_it_refuses_a_bad_decision(quartier, carol, dave):
    join_request = JoinRequest.objects.create(quartier=quartier, user=dave)
    response = api_as(carol).post(
        f"/api/v1/quartiers/{quartier.slug}/join-requests/{join_request.pk}/decision/",
        {"decision": "maybe"},
        format="json",
    )
    assert response.status_code == 400
    assert "decision" in response.json()["errors"]
    assert JoinRequest.objects.get().status == "pending"


def test_joining_an_open_quartier(dave):
    quartier = QuartierFactory.create(policy=Quartier.Policy.OPEN)
    response = api_as(dave).post(f"/api/v1/quartiers/{quartier.slug}/join/", {}, format="json")
    assert response.status_code == 201
    assert response.json() == {"status": "member"}


def test_it_says_why_a_member_cannot_join_again(quartier, alice):
    response = api_as(alice).post(f"/api/v1/quartiers/{quartier.slug}/join/", {}, format="json")
    assert response.status_code == 400
    assert "already a member" in response.json()["detail"]


def test_role_changes_through_the_api(quartier, carol, alice):
    url = f"/api/v1/quartiers/{quartier.slug}/members/{alice.pk}/"
    response = api_as(carol).patch(url, {"role": "coordinator"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "coordinator"
    # Now carol may leave: alice coordinates.
    assert api_as(carol).post(f"/api/v1/quartiers/{quartier.slug}/leave/").status_code == 204
    assert Membership.objects.get(user=carol).status == "left"


def test_the_last_coordinator_is_told_to_hand_over(quartier, carol, alice):
    response = api_as(carol).post(f"/api/v1/quartiers/{quartier.slug}/leave/")
    assert response.status_code == 400
    assert "last coordinator" in response.json()["detail"]
    assert Membership.objects.get(user=carol).status == "active"


def test_a_member_may_not_change_roles(quartier, carol, alice, bob):
    url = f"/api/v1/quartiers/{quartier.slug}/members/{bob.pk}/"
    response = api_as(alice).patch(url, {"role": "coordinator"}, format="json")
    assert response.status_code == 403
    assert Membership.objects.get(user=bob).role == "member"


def test_it_refuses_an_unknown_role(quartier, carol, alice):
    url = f"/api/v1/quartiers/{quartier.slug}/members/{alice.pk}/"
    response = api_as(carol).patch(url, {"role": "mayor"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_a_coordinator_removes_and_bans(quartier, carol, alice, bob):
    base = f"/api/v1/quartiers/{quartier.slug}/members"
    assert api_as(carol).delete(f"{base}/{alice.pk}/").status_code == 204
    assert api_as(carol).delete(f"{base}/{bob.pk}/?ban=true").status_code == 204
    statuses = dict(Membership.objects.values_list("user__email", "status"))
    assert statuses["alice@example.org"] == "removed"
    assert statuses["bob@example.org"] == "banned"
    assert api_as(bob).post(f"/api/v1/quartiers/{quartier.slug}/join/").status_code == 400


def test_the_coordinator_edits_the_quartier(quartier, carol, alice):
    url = f"/api/v1/quartiers/{quartier.slug}/"
    assert api_as(alice).patch(url, {"name": "X"}, format="json").status_code == 403
    response = api_as(carol).patch(url, {"name": "Plateau", "radius_km": 2}, format="json")
    assert response.status_code == 200
    quartier.refresh_from_db()
    assert (quartier.name, quartier.radius_km) == ("Plateau", 2)
    renamed = api_as(carol).patch(url, {"slug": "elsewhere"}, format="json")
    assert renamed.status_code == 400
    assert "slug" in renamed.json()["errors"]
    bad = api_as(carol).patch(url, {"radius_km": 500}, format="json")
    assert bad.status_code == 400
    quartier.refresh_from_db()
    assert quartier.radius_km == 2


def test_no_mail_is_sent_by_quartier_actions(quartier, carol, dave):
    api_as(dave).post(f"/api/v1/quartiers/{quartier.slug}/join/", {}, format="json")
    assert mail.outbox == []


def test_the_member_list_does_not_grow_in_queries_with_members(
    quartier, alice, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    for _ in range(30):
        MembershipFactory.create(quartier=quartier)
    client = api_as(alice)
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/quartiers/{quartier.slug}/members/")
    assert len(response.json()) == 31


def test_it_finds_a_quartier_across_the_antimeridian(api):
    QuartierFactory.create(name="Taveuni Est", slug="taveuni", latitude=-16.85, longitude=-179.99)
    response = api.get("/api/v1/quartiers/", {"latitude": -16.85, "longitude": 179.99})
    assert [q["slug"] for q in response.json()] == ["taveuni"]


def test_the_member_list_puts_the_coordinators_first(quartier, alice, bob, carol):
    members = api_as(alice).get(f"/api/v1/quartiers/{quartier.slug}/members/").json()
    assert [m["display_name"] for m in members] == ["Carol", "Alice", "Bob"]


def test_a_resident_withdraws_their_request_to_join(quartier, carol, dave):
    url = f"/api/v1/quartiers/{quartier.slug}/join/"
    api_as(dave).post(url, {"message": "Oups"}, format="json")
    assert api_as(dave).delete(url).status_code == 204
    assert JoinRequest.objects.get().status == "withdrawn"
    assert api_as(dave).delete(url).status_code == 404


def test_the_coordinator_may_send_the_short_name_unchanged(quartier, carol):
    url = f"/api/v1/quartiers/{quartier.slug}/"
    response = api_as(carol).patch(url, {"slug": quartier.slug, "name": "Plateau"}, format="json")
    assert response.status_code == 200
    assert response.json()["slug"] == quartier.slug and response.json()["name"] == "Plateau"


def test_an_anonymous_visitor_cannot_edit_a_quartier(api, quartier):
    response = api.patch(f"/api/v1/quartiers/{quartier.slug}/", {"name": "X"}, format="json")
    assert response.status_code == 401
    quartier.refresh_from_db()
    assert quartier.name == "Croix-Rousse"


def test_a_role_and_a_relais_role_change_together_or_not_at_all(quartier, carol, alice):
    alice.set_unusable_password()
    alice.save(update_fields=["password"])
    response = api_as(carol).patch(
        f"/api/v1/quartiers/{quartier.slug}/members/{alice.pk}/",
        {"role": "coordinator", "is_relais": True},
        format="json",
    )
    assert response.status_code == 400
    membership = Membership.objects.get(user=alice)
    assert (membership.role, membership.is_relais) == ("member", False)


def test_withdrawing_a_request_one_never_made_is_404(quartier, dave):
    assert api_as(dave).delete(f"/api/v1/quartiers/{quartier.slug}/join/").status_code == 404
