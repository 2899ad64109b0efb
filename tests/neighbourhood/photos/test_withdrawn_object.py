"""A withdrawn object's photos are deleted with their files, and nothing of them stays
reachable: its photo pages and endpoints answer 404 as the object's own page does."""

from __future__ import annotations

import pytest

from exchanges.aid.services import objects as services
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.conftest import api_as
from tests.neighbourhood.photos.conftest import photo_bytes, stored_files, upload
from tests.neighbourhood.photos.test_pages import client_for, page

pytestmark = pytest.mark.django_db


def test_withdrawing_an_object_deletes_its_photos_and_their_files(
    item, alice, bob, photos_root, django_capture_on_commit_callbacks
):
    other = services.item_publish(
        quartier=item.quartier, owner=alice, mode="give", title="Lit", category="children"
    )
    kept = photo_add(subject=other, owner=alice, upload=upload(photo_bytes()), alt_text="Lit")
    for _ in range(2):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_withdraw(item=item, actor=alice)
    assert list(Photo.objects.all()) == [kept]
    assert stored_files(photos_root) == {kept.card.name, kept.page.name}
    for user in (alice, bob):
        assert api_as(user).get(f"/api/v1/photos/item/{item.pk}/").status_code == 404
        assert client_for(user).get(page(item)).status_code == 404
    assert client_for(alice).get(item.get_absolute_url()).status_code == 404
