"""The pages of coups de main, without JavaScript: forms that post and redirect, refusals in
words next to their field, user content escaped, a relais acting for Mme Petit logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.aid.models import CoupDeMain, HelpOffer, Thanks
from exchanges.aid.services import help as services
from neighbourhood.photos.services import photo_add
from neighbourhood.relais.models import ProxyAction
from neighbourhood.relais.services import neighbour_create
from tests.exchanges.aid.help.fields import in_days, publish
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.photos.conftest import photo_bytes, upload
from tests.neighbourhood.relais.conftest import acting_client, make_relais

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def form_data(**overrides):
    start = in_days(3)
    data = {
        "kind": "request",
        "category": "moving",
        "title": "Porter une armoire",
        "description": "Au 3e sans ascenseur",
        "timing": "at",
        "start_date": start.date().isoformat(),
        "start_time": "10:00",
        "place_label": "12 rue d'Austerlitz",
        "helpers_needed": "2",
    }
    data.update(overrides)
    return data


def test_the_list_shows_open_coups_urgent_marked_in_words_and_filters(quartier, alice, bob):
    publish(quartier, alice, title="Urgent armoire", starts_at=in_days(1))
    publish(quartier, bob, kind="offer", category="diy", title="Petite plomberie")
    url = reverse("aid:help_list", args=[quartier.slug])

    page = client_for(alice).get(url).content.decode()
    assert "Urgent armoire" in page and "Petite plomberie" in page
    assert ">Urgent</strong>" in page

    filtered = client_for(alice).get(url, {"kind": "offer", "category": "diy"}).content.decode()
    assert "Petite plomberie" in filtered and "Urgent armoire" not in filtered


def test_the_list_costs_the_same_queries_for_many_coups(
    quartier, alice, bob, django_assert_num_queries
):
    client = client_for(alice)
    url = reverse("aid:help_list", args=[quartier.slug])
    publish(quartier, bob)
    client.get(url)  # warms the session, the content types and the bell's count
    with django_assert_num_queries(QUERIES_LIST) as few:
        client.get(url)
    for number in range(8):
        publish(quartier, bob, title=f"Coup {number}", kind="offer" if number % 2 else "request")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# Session, user, quartier and membership, the coups with their authors (the bell's count is kept
# in the cache since the first page).
QUERIES_LIST = 4


def test_publishing_through_the_form_then_bad_input_in_words(quartier, alice):
    client = client_for(alice)
    url = reverse("aid:help_create", args=[quartier.slug])

    assert client.get(url + "?kind=offer").status_code == 200
    response = client.post(url, form_data())
    coup = CoupDeMain.objects.get()
    assert response.status_code == 302 and response["Location"] == coup.get_absolute_url()

    for bad, words in [
        ({"helpers_needed": "0"}, "Ask for 1 to 10 helpers."),
        ({"start_date": in_days(-2).date().isoformat()}, "The date cannot be in the past."),
        (
            {"timing": "window", "end_date": in_days(2).date().isoformat(), "end_time": "09:00"},
            "The end must come after the start.",
        ),
        ({"timing": "weekly"}, "Choose at least one weekday."),
        (
            {"timing": "window", "end_date": in_days(3000).date().isoformat(), "end_time": "09:00"},
            "The end can be at most a year from now.",
        ),
    ]:
        response = client.post(url, form_data(**bad))
        assert response.status_code == 400, bad
        assert words in response.content.decode(), bad
    assert CoupDeMain.objects.count() == 1


def test_the_timing_is_a_fieldset_with_its_legend(quartier, alice):
    page = client_for(alice).get(reverse("aid:help_create", args=[quartier.slug])).content.decode()

    assert "<legend>Date and time</legend>" in page


def test_the_whole_story_through_the_pages(quartier, alice, bob):
    coup = publish(quartier, alice, helpers_needed=1)
    helper, asker = client_for(bob), client_for(alice)

    page = helper.get(coup.get_absolute_url()).content.decode()
    assert "I can help" in page and "1 place left" in page
    response = helper.post(reverse("aid:help_offer", args=[coup.pk]), {"message": "Samedi ok"})
    assert response.status_code == 302
    offer = HelpOffer.objects.get()

    page = asker.get(coup.get_absolute_url()).content.decode()
    assert "Choose Bob" in page and "Samedi ok" in page
    assert asker.post(reverse("aid:help_choose", args=[offer.pk])).status_code == 302
    coup.refresh_from_db()
    assert coup.status == "full"
    assert (
        "The conversation of this coup de main"
        in helper.get(coup.get_absolute_url()).content.decode()
    )

    assert asker.get(reverse("aid:help_done", args=[coup.pk])).status_code == 200  # asks first
    assert asker.post(reverse("aid:help_done", args=[coup.pk])).status_code == 302
    response = helper.post(reverse("aid:help_thank", args=[coup.pk]), {"text": "Merci à toi"})
    assert response.status_code == 302
    assert Thanks.objects.get().author == bob
    assert "Merci à toi" in asker.get(coup.get_absolute_url()).content.decode()


def test_a_refused_choice_is_said_in_words(quartier, alice, bob, carol):
    coup = publish(quartier, alice, helpers_needed=1)
    first = services.help_offer(coup=coup, helper=bob)
    second = services.help_offer(coup=coup, helper=carol)
    services.help_choose(offer=first, actor=alice)

    response = client_for(alice).post(reverse("aid:help_choose", args=[second.pk]), follow=True)

    assert "1 helper was needed: the place is taken." in response.content.decode()


def test_a_full_request_offers_to_decline_but_not_to_choose(quartier, alice, bob, carol):
    coup = publish(quartier, alice, helpers_needed=1)
    first = services.help_offer(coup=coup, helper=bob)
    services.help_offer(coup=coup, helper=carol)
    services.help_choose(offer=first, actor=alice)

    page = client_for(alice).get(coup.get_absolute_url()).content.decode()

    carol_name = carol.public_name
    assert f"Choose {carol_name}" not in page
    assert f"Decline {carol_name}" in page
    assert "Enough helpers have been found." in page


def test_a_member_who_may_not_gets_403(quartier, alice, bob):
    coup = publish(quartier, alice)
    offer = services.help_offer(coup=coup, helper=bob)
    helper, asker = client_for(bob), client_for(alice)

    assert helper.get(reverse("aid:help_edit", args=[coup.pk])).status_code == 403
    assert helper.post(reverse("aid:help_cancel", args=[coup.pk])).status_code == 403
    assert helper.post(reverse("aid:help_choose", args=[offer.pk])).status_code == 403
    assert asker.post(reverse("aid:help_withdraw", args=[offer.pk])).status_code == 403


def test_an_offer_of_a_hand_has_a_write_to_its_author_button(quartier, alice, bob):
    coup = publish(quartier, bob, kind="offer", title="Petite plomberie")

    page = client_for(alice).get(coup.get_absolute_url()).content.decode()

    assert "Write to Bob" in page and reverse("messaging:direct_open", args=[bob.pk]) in page
    assert "I can help" not in page


def test_user_content_is_escaped(quartier, alice, bob):
    coup = publish(
        quartier,
        alice,
        title="<script>alert(1)</script>",
        description="<img src=x onerror=alert(2)>",
        place_label="<b>ici</b>",
    )
    services.help_offer(coup=coup, helper=bob, message="<iframe src=evil>")

    for page in (
        client_for(alice).get(coup.get_absolute_url()).content.decode(),
        client_for(alice).get(reverse("aid:help_list", args=[quartier.slug])).content.decode(),
        client_for(alice).get(reverse("aid:help_mine")).content.decode(),
    ):
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
        assert "<img src=x" not in page and "<b>ici</b>" not in page
        assert "<iframe" not in page


def test_the_edit_form_changes_the_request(quartier, alice):
    coup = publish(quartier, alice)
    client = client_for(alice)
    url = reverse("aid:help_edit", args=[coup.pk])

    assert client.get(url).status_code == 200
    data = form_data(title="Deux armoires")
    del data["kind"]
    assert client.post(url, data).status_code == 302
    coup.refresh_from_db()
    assert coup.title == "Deux armoires"


def test_marc_asks_for_mme_petit_and_it_is_logged(quartier, carol):
    marc = UserFactory.create(email="marc@example.org", display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=marc)
    make_relais(quartier, marc, carol)
    consent = neighbour_create(
        relais=marc,
        quartier=quartier,
        display_name="Mme Petit",
        phone="04 78 00 00 00",
        how="En personne",
    )
    client = acting_client(marc, consent)

    response = client.post(
        reverse("aid:help_create", args=[quartier.slug]),
        form_data(
            title="Faire les courses avec Mme Petit le mardi",
            category="company",
            timing="weekly",
            weekdays=["1"],
            weekly_time="10:00",
            start_date="",
            start_time="",
            helpers_needed="1",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    coup = CoupDeMain.objects.get()
    assert coup.author == consent.neighbour
    action = ProxyAction.objects.get(verb=ProxyAction.Verb.HELP_ASKED)
    assert action.relais == marc and action.neighbour == consent.neighbour
    assert action.target_id == coup.pk
    assert "Posted by Marc for Mme Petit" in client.get(coup.get_absolute_url()).content.decode()


def test_marc_offers_a_hand_for_mme_petit_and_it_is_logged_on_the_offer(quartier, alice, carol):
    marc = UserFactory.create(email="marc@example.org", display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=marc)
    make_relais(quartier, marc, carol)
    consent = neighbour_create(
        relais=marc,
        quartier=quartier,
        display_name="Mme Petit",
        phone="04 78 00 00 00",
        how="En personne",
    )
    coup = publish(quartier, alice, category="company", title="Lire le journal ensemble")
    client = acting_client(marc, consent)

    response = client.post(reverse("aid:help_offer", args=[coup.pk]), {"message": "Le jeudi"})

    assert response.status_code == 302
    offer = HelpOffer.objects.get(helper=consent.neighbour)
    action = ProxyAction.objects.get(verb=ProxyAction.Verb.HELP_OFFERED)
    assert (action.relais, action.target_id) == (marc, offer.pk)
    # Alice's request is still hers: no "posted by Marc" under it.
    assert "Posted by" not in client_for(alice).get(coup.get_absolute_url()).content.decode()


def test_the_pages_speak_french(quartier, alice, bob):
    coup = publish(quartier, alice, helpers_needed=1)
    bob.language = "fr"
    bob.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(bob)

    page = client.get(coup.get_absolute_url()).content.decode()

    assert "Je peux aider" in page and "1 place restante" in page


def test_the_feed_links_to_the_coups_de_main_and_shows_a_new_request(quartier, alice, bob):
    publish(quartier, bob, title="Monter un meuble")

    page = client_for(alice).get(reverse("feed:feed", args=[quartier.slug])).content.decode()

    assert reverse("aid:help_list", args=[quartier.slug]) in page
    assert "Monter un meuble" in page


def test_the_quartier_page_leads_to_the_coups_de_main(quartier, alice):
    page = client_for(alice).get(quartier.get_absolute_url()).content.decode()

    assert reverse("aid:help_list", args=[quartier.slug]) in page
    assert reverse("aid:help_create", args=[quartier.slug]) + "?kind=request" in page


def test_the_photos_of_a_coup_de_main_show_with_their_alt_text(settings, tmp_path, quartier, alice):
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": settings.PHOTOS_URL},
        },
    }
    coup = publish(quartier, alice)
    photo = photo_add(
        subject=coup, owner=alice, upload=upload(photo_bytes()), alt_text="L'armoire <en chêne>"
    )

    page = client_for(alice).get(coup.get_absolute_url()).content.decode()

    # The page's own copy, in the shared gallery that keeps it within a phone's width.
    assert '<ul class="photo-gallery">' in page and f'src="{photo.page.url}"' in page
    assert 'alt="L&#x27;armoire &lt;en chêne&gt;"' in page
