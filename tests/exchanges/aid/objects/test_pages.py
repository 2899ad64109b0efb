"""The objects' pages, used as a neighbour would: plain forms posted without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.aid.models import Gift, Item, Loan
from exchanges.aid.services import objects as services
from neighbourhood.accounts.models import User
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.exchanges.aid.objects.helpers import cot, drill, in_days, loan
from tests.neighbourhood.photos.conftest import photo_bytes, upload

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_publish_then_find_it_in_the_inventory(quartier, alice, bob):
    page = client_for(alice).post(
        reverse("aid:item_publish", args=[quartier.slug]) + "?mode=lend",
        {"title": "Échelle <b>3 m</b>", "category": "tools", "condition": "good", "max_days": "2"},
    )
    item = Item.objects.get()
    assert page.status_code == 302 and page["Location"] == item.get_absolute_url()
    found = client_for(bob).get(reverse("aid:inventory", args=[quartier.slug]), {"q": "echelle"})
    assert found.status_code == 200
    assert "Échelle &lt;b&gt;3 m&lt;/b&gt;" in found.content.decode()
    assert "<b>3 m</b>" not in found.content.decode()


def test_publishing_to_lend_without_a_longest_loan_is_refused_in_words(quartier, alice):
    page = client_for(alice).post(
        reverse("aid:item_publish", args=[quartier.slug]) + "?mode=lend",
        {"title": "Scie", "category": "tools", "condition": "good"},
    )
    assert page.status_code == 400
    assert "Say how many days it may be borrowed at most." in page.content.decode()
    assert not Item.objects.exists()


def test_the_mode_is_chosen_first_and_the_form_shows_only_its_fields(quartier, alice):
    client = client_for(alice)
    address = reverse("aid:item_publish", args=[quartier.slug])
    choice = client.get(address).content.decode()
    assert "?mode=lend" in choice and "?mode=give" in choice and 'name="title"' not in choice
    lend = client.get(address + "?mode=lend").content.decode()
    assert 'name="max_days"' in lend and 'name="give_rule"' not in lend
    give = client.get(address + "?mode=give").content.decode()
    assert 'name="give_rule"' in give and 'name="max_days"' not in give
    published = client.post(
        address + "?mode=give",
        {"title": "Lit", "category": "children", "condition": "good", "give_rule": "first_asked"},
    )
    assert published.status_code == 302
    item = Item.objects.get()
    assert (item.mode, item.max_days) == ("give", None)
    edit = client.get(reverse("aid:item_edit", args=[item.pk])).content.decode()
    assert 'name="give_rule"' in edit and 'name="max_days"' not in edit
    assert client.post(address, {"title": "Scie"}).status_code == 400


def test_a_field_of_the_other_mode_is_refused_by_the_service(quartier, alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as lent:
        services.item_publish(
            quartier=quartier,
            owner=alice,
            mode="lend",
            title="Scie",
            category="tools",
            max_days=2,
            give_rule="giver_chooses",
        )
    assert "give_rule" in lent.value.message_dict
    with pytest.raises(ValidationError) as given:
        services.item_publish(
            quartier=quartier,
            owner=alice,
            mode="give",
            title="Lit",
            category="children",
            max_days=3,
        )
    assert "max_days" in given.value.message_dict
    assert not Item.objects.exists()


def test_borrowing_through_the_pages(quartier, alice, bob):
    item = drill(quartier, alice)
    bob_client, alice_client = client_for(bob), client_for(alice)
    detail = bob_client.get(item.get_absolute_url())
    assert "Ask to borrow it" in detail.content.decode()
    bad = bob_client.post(
        reverse("aid:loan_ask", args=[item.pk]),
        {"starts_on": in_days(3).isoformat(), "ends_on": in_days(2).isoformat()},
    )
    assert bad.status_code == 400
    assert "The period ends before it starts." in bad.content.decode()
    assert not Loan.objects.exists()
    asked = bob_client.post(
        reverse("aid:loan_ask", args=[item.pk]),
        {"starts_on": in_days(1).isoformat(), "ends_on": in_days(2).isoformat()},
    )
    assert asked.status_code == 302
    the_loan = Loan.objects.get()
    mine = alice_client.get(reverse("aid:my_objects"))
    assert "Accept" in mine.content.decode()
    for client, action in [
        (alice_client, "accept"),
        (alice_client, "hand-over"),
        (bob_client, "hand-over"),
        (bob_client, "return"),
        (alice_client, "return"),
    ]:
        done = client.post(reverse("aid:loan_action", args=[the_loan.pk, action]))
        assert done.status_code == 302
    the_loan.refresh_from_db()
    assert the_loan.status == Loan.Status.RETURNED
    refused = alice_client.post(
        reverse("aid:loan_action", args=[the_loan.pk, "accept"]), follow=True
    )
    assert "no longer waiting" in refused.content.decode()


def test_taking_a_gift_through_the_pages(quartier, alice, bob):
    item = cot(quartier, alice)
    assert (
        client_for(bob)
        .post(reverse("aid:gift_ask", args=[item.pk]), {"message": "Merci"})
        .status_code
        == 302
    )
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.RESERVED
    client_for(alice).post(reverse("aid:gift_action", args=[gift.pk, "collect"]))
    item.refresh_from_db()
    assert item.status == Item.Status.GIVEN


def test_the_owner_s_buttons_say_whose_request_they_answer(quartier, alice, bob, carol):
    item = drill(quartier, alice)
    loan(item, bob, 1, 1)
    loan(item, carol, 2, 2)

    page = client_for(alice).get(reverse("aid:my_objects")).content.decode()

    # Two requests, two "Accept" buttons: a screen reader tells them apart by their names.
    for name in (bob.public_name, carol.public_name):
        assert f'Accept<span class="visually-hidden"> {name}</span>' in page
        assert f'Decline<span class="visually-hidden"> {name}</span>' in page


def test_a_neighbour_who_asked_for_a_gift_is_not_offered_to_ask_again(quartier, alice, bob):
    item = cot(quartier, alice)
    assert "Ask for it" in client_for(bob).get(item.get_absolute_url()).content.decode()
    services.gift_ask(item=item, taker=bob)

    page = client_for(bob).get(item.get_absolute_url()).content.decode()

    assert "Ask for it" not in page and "Reserved" in page


def test_a_longest_loan_of_0_days_is_refused_in_words(quartier, alice):
    page = client_for(alice).post(
        reverse("aid:item_publish", args=[quartier.slug]) + "?mode=lend",
        {"title": "Scie", "category": "tools", "condition": "good", "max_days": "0"},
    )
    assert page.status_code == 400
    assert "A loan lasts from 1 to 90 days." in page.content.decode()
    assert not Item.objects.exists()


def test_the_photos_of_an_object_show_in_the_gallery_with_their_alt_text(
    settings, tmp_path, quartier, alice
):
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": settings.PHOTOS_URL},
        },
    }
    item = drill(quartier, alice)
    photo = photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Bleue")

    page = client_for(alice).get(item.get_absolute_url()).content.decode()

    # In the shared gallery, whose style keeps a photo within a phone's width.
    assert '<ul class="photo-gallery">' in page and f'src="{photo.page.url}"' in page
    assert 'alt="Bleue"' in page


def test_the_quartier_page_leads_to_its_objects(quartier, alice):
    page = client_for(alice).get(quartier.get_absolute_url()).content.decode()

    assert reverse("aid:inventory", args=[quartier.slug]) in page
    assert reverse("aid:item_publish", args=[quartier.slug]) in page
    assert reverse("aid:my_objects") in page


def test_the_owner_controls(quartier, alice, bob):
    item = drill(quartier, alice)
    owner = client_for(alice)
    page = owner.get(item.get_absolute_url())
    assert "Withdraw it for good" in page.content.decode()
    assert client_for(bob).get(reverse("aid:item_edit", args=[item.pk])).status_code == 403
    edited = owner.post(
        reverse("aid:item_edit", args=[item.pk]),
        {
            "title": "Perceuse",
            "category": "tools",
            "condition": "worn",
            "max_days": "5",
        },
    )
    assert edited.status_code == 302
    owner.post(reverse("aid:item_pause", args=[item.pk]), {"paused": "1"})
    item.refresh_from_db()
    assert (item.condition, item.max_days, item.status) == ("worn", 5, "paused")
    asked = owner.get(reverse("aid:item_withdraw", args=[item.pk]))
    assert asked.status_code == 200 and "Yes, withdraw it" in asked.content.decode()
    item.refresh_from_db()
    assert item.status == Item.Status.PAUSED  # asking changes nothing
    owner.post(reverse("aid:item_withdraw", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN


def test_the_inventory_page_in_a_fixed_number_of_queries(
    quartier, alice, bob, django_assert_num_queries
):
    for n in range(3):
        drill(quartier, alice, title=f"Outil {n}")
    client = client_for(bob)
    url = reverse("aid:inventory", args=[quartier.slug])
    client.get(url)
    search = {"q": "outil", "available_on": in_days(1).isoformat()}
    # What every page reads, the inventory itself and the cards' photos: one query each,
    # however many objects, loans and photos (the bell's count is kept since the first page).
    with django_assert_num_queries(5):
        client.get(url, search)
    for n in range(10):
        tool = drill(quartier, alice, title=f"Outil bis {n}")
        loan(tool, bob)
        Photo.objects.create(
            subject=tool,
            owner=alice,
            alt_text=f"Photo {n}",
            position=1,
            width=1,
            height=1,
            card=f"card-{n}.webp",
            page=f"page-{n}.webp",
        )
    with django_assert_num_queries(5):
        page = client.get(url, search).content.decode()
    assert "Outil bis 9" in page and 'alt="Photo 9"' in page and "card-9.webp" in page


def test_my_objects_and_loans_in_a_fixed_number_of_queries(
    quartier, alice, bob, django_assert_num_queries
):
    def lend_and_give(n: int) -> None:
        services.loan_accept(
            loan=loan(drill(quartier, alice, title=f"Outil {n}"), bob), actor=alice
        )
        services.gift_ask(item=cot(quartier, alice, title=f"Lit {n}"), taker=bob)

    lend_and_give(0)
    client = client_for(alice)
    url = reverse("aid:my_objects")
    client.get(url)
    # What every page reads, my objects and the cards' owners, their photos, my loans and gifts
    # on both sides: the same count for one object lent and one given as for six of each (the
    # bell's count is kept in the cache since the page before).
    with django_assert_num_queries(8):
        client.get(url)
    for n in range(1, 6):
        lend_and_give(n)
    client.get(url)  # the gifts asked rang my bell: it is counted again, then kept
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "Outil 5" in page and "Lit 5" in page


def test_the_loan_calendar_says_its_dates(quartier, alice, bob):
    item = drill(quartier, alice)
    services.loan_accept(loan=loan(item, bob, 1, 2), actor=alice)
    page = client_for(bob).get(item.get_absolute_url())
    assert "Lent from" in page.content.decode()


def test_what_neighbours_type_is_escaped_everywhere(quartier, alice, bob):
    item = drill(quartier, alice, title="<script>alert(1)</script>", collect_at="<i>porte</i>")
    loan(item, bob, message="<img src=x onerror=alert(2)>")
    for client, url in [
        (client_for(alice), reverse("aid:my_objects")),
        (client_for(alice), item.get_absolute_url()),
        (client_for(bob), reverse("aid:inventory", args=[quartier.slug])),
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
        assert "<img src=x" not in page and "<i>porte</i>" not in page


def test_each_side_reads_who_has_confirmed_and_loses_its_button(quartier, alice, bob):
    item = drill(quartier, alice)
    the_loan = loan(item, bob)
    services.loan_accept(loan=the_loan, actor=alice)
    services.loan_hand_over(loan=the_loan, actor=alice)
    for_alice = client_for(alice).get(reverse("aid:my_objects")).content.decode()
    assert f"waiting for {bob.public_name} to say so too" in for_alice
    assert "It was handed over</button>" not in for_alice
    for_bob = client_for(bob).get(item.get_absolute_url()).content.decode()
    assert f"{alice.public_name} says it was handed over." in for_bob
    assert "It was handed over</button>" in for_bob
    services.loan_hand_over(loan=the_loan, actor=bob)
    services.loan_return(loan=the_loan, actor=bob)
    for_bob = client_for(bob).get(reverse("aid:my_objects")).content.decode()
    assert f"You said it was returned; waiting for {alice.public_name}" in for_bob
    assert "It was returned</button>" not in for_bob
    assert (
        "It was returned</button>"
        in client_for(alice).get(item.get_absolute_url()).content.decode()
    )
