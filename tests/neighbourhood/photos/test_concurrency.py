"""Several photos sent at once for the last place of six: the database's constraints keep a
seventh out, and the refused uploads leave no file behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.neighbourhood.photos.conftest import photo_bytes, stored_files, upload
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AT_ONCE = 4


def test_of_many_photos_sent_for_the_last_place_exactly_one_is_kept(item, alice, photos_root):
    for _ in range(5):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")

    def send():
        with translation.override("en"):
            return photo_add(
                subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Encore"
            )

    results = run_together([send for _ in range(AT_ONCE)])

    kept = [r for r in results if isinstance(r, Photo)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(kept) == 1 and len(refused) == AT_ONCE - 1, results
    assert all("At most 6 photos" in str(r) for r in refused)
    photos = Photo.objects.filter(object_id=item.pk)
    assert sorted(photos.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert stored_files(photos_root) == {n for p in photos for n in (p.card.name, p.page.name)}
