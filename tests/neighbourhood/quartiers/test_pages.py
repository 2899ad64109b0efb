"""The quartier pages, used as a resident would: forms posted without JavaScript."""

import pytest
from django.test import Client

from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from tests.factories import QuartierFactory, chosen_place

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Plateau",
    "slug": "plateau",
    "description": "Le plateau.",
    # Its centre chosen among the places the words may mean (see tests/neighbourhood/places).
    **chosen_place("centre", (45.778, 4.829), "Rue de Cuire 69004 Lyon"),
    "radius_km": "1.2",
    "policy": "open",
}


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_a_resident_creates_a_quartier_from_the_form(dave):
    response = client_for(dave).post("/quartiers/new/", VALID, follow=True)
    assert response.redirect_chain[-1][0] == "/quartiers/plateau/"
    assert "You coordinate this quartier." in response.content.decode()
    assert Membership.objects.get(user=dave).role == "coordinator"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("centre_label", "", "Type an address or the name of a place."),
        ("radius_km", "0", "greater than or equal to 0.1"),
        ("slug", "a b", "Enter a valid"),
        ("policy", "closed", "Select a valid choice."),
    ],
)
def test_the_form_shows_each_error_next_to_its_field_and_saves_nothing(dave, field, value, message):
    response = client_for(dave).post("/quartiers/new/", VALID | {field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_errors"' in page
    assert message in page
    assert 'aria-invalid="true"' in page
    # The summary at the top names the field and links to it.
    assert f'<a href="#id_{field}">' in page
    assert not Quartier.objects.exists()


def test_a_taken_slug_is_refused_on_the_page(quartier, dave):
    response = client_for(dave).post("/quartiers/new/", VALID | {"slug": quartier.slug})
    assert response.status_code == 400
    assert 'id="id_slug_errors"' in response.content.decode()
    assert Quartier.objects.count() == 1


def test_the_pages_speak_french_by_default(quartier):
    response = Client().get("/quartiers/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Trouver un quartier" in response.content.decode()


def test_the_language_switch_is_remembered_on_the_profile(dave):
    client = client_for(dave, language="fr")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    dave.refresh_from_db()
    assert dave.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_ask_to_join_then_approval_through_the_pages(quartier, carol, dave):
    dave_client = client_for(dave)
    response = dave_client.post(
        f"/quartiers/{quartier.slug}/join/", {"message": "Rue Dumenge"}, follow=True
    )
    assert "A coordinator will answer it soon." in response.content.decode()
    join_request = JoinRequest.objects.get()

    carol_client = client_for(carol)
    page = carol_client.get(f"/quartiers/{quartier.slug}/requests/").content.decode()
    assert "Rue Dumenge" in page
    carol_client.post(
        f"/quartiers/{quartier.slug}/requests/{join_request.pk}/", {"decision": "approve"}
    )
    assert Membership.objects.get(user=dave).is_active
    page = dave_client.get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "You are a member of this quartier." in page


def test_a_bad_decision_changes_nothing(quartier, carol, dave):
    join_request = JoinRequest.objects.create(quartier=quartier, user=dave)
    response = client_for(carol).post(
        f"/quartiers/{quartier.slug}/requests/{join_request.pk}/",
        {"decision": "perhaps"},
        follow=True,
    )
    assert "Choose approve or refuse." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_joining_an_open_quartier_from_the_page(dave):
    quartier = QuartierFactory.create(policy="open")
    response = client_for(dave).post(f"/quartiers/{quartier.slug}/join/", {}, follow=True)
    assert "Welcome to" in response.content.decode()
    assert Membership.objects.get(user=dave).is_active


def test_the_last_coordinator_sees_why_they_cannot_leave(quartier, carol):
    response = client_for(carol).post(f"/quartiers/{quartier.slug}/leave/")
    assert response.status_code == 400
    assert "last coordinator" in response.content.decode()
    assert Membership.objects.get(user=carol).is_active


def test_a_coordinator_promotes_a_member_from_the_members_page(quartier, carol, alice):
    client = client_for(carol)
    client.post(f"/quartiers/{quartier.slug}/members/{alice.pk}/", {"action": "coordinator"})
    assert Membership.objects.get(user=alice).role == "coordinator"


def test_an_unknown_member_action_changes_nothing(quartier, carol, alice):
    response = client_for(carol).post(
        f"/quartiers/{quartier.slug}/members/{alice.pk}/", {"action": "exile"}, follow=True
    )
    assert "Choose what to do." in response.content.decode()
    assert Membership.objects.get(user=alice).status == "active"


def test_the_coordinator_edits_the_quartier_and_sees_errors(quartier, carol):
    client = client_for(carol)
    url = f"/quartiers/{quartier.slug}/edit/"
    data = {k: v for k, v in VALID.items() if k != "slug"}
    bad = client.post(url, data | {"radius_km": "0"})
    assert bad.status_code == 400
    quartier.refresh_from_db()
    assert quartier.name == "Croix-Rousse"
    client.post(url, data)
    quartier.refresh_from_db()
    assert (quartier.name, quartier.latitude, quartier.longitude) == ("Plateau", 45.778, 4.829)
    # Without words, the centre stays where it is.
    client.post(url, data | {"name": "Le Plateau", "centre_label": ""})
    quartier.refresh_from_db()
    assert (quartier.name, quartier.latitude, quartier.longitude) == ("Le Plateau", 45.778, 4.829)


def test_search_by_distance_on_the_page(quartier):
    QuartierFactory.create(name="Paris 11e", slug="paris-11", latitude=48.858, longitude=2.379)
    near = chosen_place("near", (45.77, 4.83), "Lyon")
    page = Client().get("/quartiers/", near).content.decode()
    assert "Croix-Rousse" in page
    assert "Paris 11e" not in page
    assert 'name="latitude"' not in page


def test_user_content_is_escaped(dave):
    QuartierFactory.create(
        name="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>"
    )
    page = Client().get("/quartiers/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_home_page_lists_my_quartiers(quartier, alice):
    page = client_for(alice).get("/").content.decode()
    assert quartier.name in page
    assert 'href="#main"' in page


def test_the_quartier_list_does_not_grow_in_queries(django_assert_max_num_queries, db):
    for _ in range(25):
        QuartierFactory.create()
    with django_assert_max_num_queries(3):
        response = Client().get("/quartiers/")
    assert response.content.decode().count('class="card"') == 25


def test_a_search_by_name_keeps_the_default_distance_in_the_form(quartier):
    page = Client().get("/quartiers/", {"q": "croix"}).content.decode()
    assert 'name="within_km" value="10"' in page
    assert "Croix-Rousse" in page


def test_a_resident_withdraws_their_request_from_the_quartier_page(quartier, carol, dave):
    client = client_for(dave)
    client.post(f"/quartiers/{quartier.slug}/join/", {"message": ""})
    page = client.get(f"/quartiers/{quartier.slug}/").content.decode()
    assert "Withdraw my request" in page
    response = client.post(f"/quartiers/{quartier.slug}/join/withdraw/", follow=True)
    assert "Your request to join is withdrawn." in response.content.decode()
    assert JoinRequest.objects.get().status == "withdrawn"
