"""Deleting an object, a coup de main or an account deletes their photos' files, once the
deletion is committed: on the local disk and in an S3 bucket (moto's server, as test_s3)."""

from __future__ import annotations

import pytest

from neighbourhood.accounts.services import user_erase
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.neighbourhood.photos.conftest import BUCKET, photo_bytes, stored_files, upload

pytestmark = pytest.mark.django_db


def add(subject, owner) -> Photo:
    return photo_add(subject=subject, owner=owner, upload=upload(photo_bytes()), alt_text="Vue")


def names(*photos: Photo) -> set[str]:
    return {name for photo in photos for name in (photo.card.name, photo.page.name)}


def keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def delete_item(item, coup, alice):
    item.delete()


def delete_coup(item, coup, alice):
    coup.delete()


def erase_alice(item, coup, alice):
    user_erase(user=alice)


# What goes, and which of the two subjects' photos it takes with it.
CASES = [(delete_item, {"item"}), (delete_coup, {"coup"}), (erase_alice, {"item", "coup"})]


@pytest.mark.parametrize(("deletion", "gone"), CASES, ids=["item", "coup", "account"])
def test_the_files_go_from_the_local_disk(
    item, coup, alice, photos_root, django_capture_on_commit_callbacks, deletion, gone
):
    photos = {"item": add(item, alice), "coup": add(coup, alice)}
    with django_capture_on_commit_callbacks(execute=True):
        deletion(item, coup, alice)
    kept = [photo for key, photo in photos.items() if key not in gone]
    assert stored_files(photos_root) == names(*kept)
    assert set(Photo.objects.all()) == set(kept)


@pytest.mark.s3
@pytest.mark.parametrize(("deletion", "gone"), CASES, ids=["item", "coup", "account"])
def test_the_files_go_from_the_bucket(
    s3,
    item,
    coup,
    alice,
    photos_root,
    django_capture_on_commit_callbacks,
    deletion,
    gone,
):
    photos = {"item": add(item, alice), "coup": add(coup, alice)}
    assert keys(s3) == names(*photos.values())
    with django_capture_on_commit_callbacks(execute=True):
        deletion(item, coup, alice)
    kept = [photo for key, photo in photos.items() if key not in gone]
    assert keys(s3) == names(*kept)
    assert not photos_root.exists()


def test_nothing_goes_before_the_commit(
    item, alice, photos_root, django_capture_on_commit_callbacks
):
    photo = add(item, alice)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        item.delete()
    assert stored_files(photos_root) == names(photo)
    for callback in pending:
        callback()
    assert stored_files(photos_root) == set()
