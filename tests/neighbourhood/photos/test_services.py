"""Adding and deleting photos: the stored files, the limit of six, and files that go only when
a deletion is committed (with the photo, its subject, or its owner's account)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from neighbourhood.accounts.services import user_erase
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add, photo_delete, photos_delete_for
from tests.neighbourhood.photos.conftest import assert_no_metadata, photo_bytes, upload

pytestmark = pytest.mark.django_db


def files(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()} if root.exists() else set()


def add(subject, owner, fmt: str = "JPEG", alt_text: str = "Une perceuse bleue") -> Photo:
    return photo_add(
        subject=subject, owner=owner, upload=upload(photo_bytes(fmt)), alt_text=alt_text
    )


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF"])
def test_a_photo_is_stored_clean_under_a_random_name(quartier, alice, photos_root, fmt):
    photo = add(quartier, alice, fmt)
    photo.refresh_from_db()
    assert photo.subject == quartier and photo.owner == alice and photo.position == 1
    assert (photo.width, photo.height) == (600, 400)
    assert files(photos_root) == {photo.card.name, photo.page.name}
    for name in (photo.card.name, photo.page.name):
        # Nothing but a random key: no name, no subject, no owner.
        assert re.fullmatch(r"[A-Za-z0-9_-]{24}-(card|page)\.webp", name)
        assert_no_metadata((photos_root / name).read_bytes())
    other = add(quartier, alice, fmt)
    assert photo.card.name[:24] == photo.page.name[:24]
    assert other.position == 2 and other.card.name[:24] != photo.card.name[:24]


def test_the_alt_text_is_required(quartier, alice, photos_root):
    with pytest.raises(ValidationError) as refused:
        add(quartier, alice, alt_text="   ")
    assert "alt_text" in refused.value.message_dict
    with pytest.raises(ValidationError):
        add(quartier, alice, alt_text="x" * 201)
    assert not Photo.objects.exists() and files(photos_root) == set()


def test_a_seventh_photo_is_refused_and_leaves_no_file(quartier, alice, bob, photos_root):
    for _ in range(6):
        add(quartier, alice)
    assert sorted(Photo.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    before = files(photos_root)
    with pytest.raises(ValidationError, match="At most 6 photos"):
        add(quartier, bob)
    assert Photo.objects.count() == 6 and files(photos_root) == before
    # Another subject has its own six.
    assert add(bob, bob).position == 1


def test_a_freed_position_is_taken_again(quartier, alice, django_capture_on_commit_callbacks):
    photos = [add(quartier, alice) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photos[0], actor=alice)
    assert add(quartier, alice).position == 1


def test_only_the_owner_deletes_a_photo(
    quartier, alice, bob, photos_root, django_capture_on_commit_callbacks
):
    photo = add(quartier, alice)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        photo_delete(photo=photo, actor=bob)
    assert Photo.objects.filter(pk=photo.pk).exists() and len(files(photos_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(photo=photo, actor=alice)
    assert not Photo.objects.exists() and files(photos_root) == set()


def test_files_go_only_once_the_deletion_is_committed(
    quartier, alice, photos_root, django_capture_on_commit_callbacks
):
    photo = add(quartier, alice)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        photo_delete(photo=photo, actor=alice)
        assert len(files(photos_root)) == 2  # the row is gone, the files wait for the commit
    assert len(pending) == 1
    pending[0]()
    assert files(photos_root) == set()


def test_a_rolled_back_deletion_keeps_the_files(
    quartier, alice, photos_root, django_capture_on_commit_callbacks
):
    photo = add(quartier, alice)
    pk, names = photo.pk, {photo.card.name, photo.page.name}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                photo_delete(photo=photo, actor=alice)
                raise RuntimeError("something else failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Photo.objects.filter(pk=pk).exists()
    assert files(photos_root) == names


def test_a_subjects_photos_are_deleted_with_their_files(
    quartier, alice, bob, photos_root, django_capture_on_commit_callbacks
):
    add(quartier, alice)
    add(quartier, bob)
    kept = add(alice, alice)
    with django_capture_on_commit_callbacks(execute=True):
        photos_delete_for(subject=quartier)
    assert list(Photo.objects.all()) == [kept]
    assert files(photos_root) == {kept.card.name, kept.page.name}


def test_erasing_an_account_deletes_its_photos_files(
    quartier, alice, bob, photos_root, django_capture_on_commit_callbacks
):
    add(quartier, alice)
    add(alice, alice)
    kept = add(quartier, bob)
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=alice)
    assert list(Photo.objects.all()) == [kept]
    assert files(photos_root) == {kept.card.name, kept.page.name}
