"""A coup de main's photos: added by its author while it is still to be done, deleted with its
cancellation (its page stays, saying it is cancelled), kept once done; read by the members of
its quartier only, through the same access helper as its page."""

# The photos' fixtures are imported from their conftest file.
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.aid.services import help as services
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from neighbourhood.quartiers.models import Membership
from tests.exchanges.aid.help.fields import publish
from tests.neighbourhood.photos.conftest import photo_bytes, photos_root, stored_files, upload

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def manage(coup) -> str:
    return reverse("photos:manage", args=["coup_de_main", coup.pk])


def test_cancelling_deletes_the_photos_and_their_files(
    quartier, alice, photos_root, django_capture_on_commit_callbacks
):
    coup = publish(quartier, alice)
    photo_add(subject=coup, owner=alice, upload=upload(photo_bytes()), alt_text="L'armoire")
    assert stored_files(photos_root)

    with django_capture_on_commit_callbacks(execute=True):
        services.help_cancel(coup=coup, actor=alice)

    assert not Photo.objects.exists() and stored_files(photos_root) == set()
    client = client_for(alice)
    page = client.get(coup.get_absolute_url()).content.decode()
    assert "Cancelled" in page and manage(coup) not in page
    assert client.get(manage(coup)).status_code == 403


def test_a_done_coup_de_main_keeps_its_photos_and_each_can_still_be_removed(
    quartier, alice, photos_root
):
    coup = publish(quartier, alice)
    photo = photo_add(subject=coup, owner=alice, upload=upload(photo_bytes()), alt_text="Fait")
    services.help_done(coup=coup, actor=alice)
    client = client_for(alice)

    page = client.get(coup.get_absolute_url()).content.decode()
    assert photo.page.url in page and manage(coup) not in page
    assert client.get(manage(coup)).status_code == 403
    assert client.post(reverse("photos:remove", args=[photo.pk])).status_code == 302
    assert not Photo.objects.exists()


def test_the_author_of_an_open_one_is_shown_where_to_add_photos(quartier, alice, bob):
    coup = publish(quartier, alice)

    assert manage(coup) in client_for(alice).get(coup.get_absolute_url()).content.decode()
    assert manage(coup) not in client_for(bob).get(coup.get_absolute_url()).content.decode()


def test_a_former_member_no_longer_reads_them(quartier, alice, bob):
    coup = publish(quartier, alice)
    photo_add(subject=coup, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    api = reverse("api:subject_photos", args=["coup_de_main", coup.pk])
    assert client_for(bob).get(api).status_code == 200

    Membership.objects.filter(user=bob, quartier=quartier).update(status=Membership.Status.LEFT)

    assert client_for(bob).get(api).status_code == 404
