"""The photos' API: multipart upload by the subject's owner, a list for the members, removal by
the one who added it; refusals in words with nothing stored; outsiders get a 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.conftest import api_as
from tests.neighbourhood.photos.conftest import (
    assert_no_metadata,
    huge_bytes,
    pdf_named_jpeg,
    photo_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def address(subject) -> str:
    key = "item" if subject._meta.model_name == "item" else "coup_de_main"
    return f"/api/v1/photos/{key}/{subject.pk}/"


def post(user, subject, data: bytes, alt_text: str = "Une perceuse bleue"):
    file = SimpleUploadedFile("IMG_0042.HEIC", data, content_type="image/heic")
    return api_as(user).post(
        address(subject), {"file": file, "alt_text": alt_text}, format="multipart"
    )


@pytest.mark.parametrize(("subject", "fmt"), [("item", "HEIF"), ("coup", "JPEG")])
def test_the_owner_uploads_a_photo_without_its_gps(request, alice, bob, photos_root, subject, fmt):
    target = request.getfixturevalue(subject)

    response = post(alice, target, photo_bytes(fmt))

    assert response.status_code == 201, response.content
    body = response.json()
    photo = Photo.objects.get()
    assert body["id"] == photo.pk and body["position"] == 1 and body["owner"] == alice.pk
    assert body["alt_text"] == "Une perceuse bleue"
    assert body["card_url"] == f"http://testserver/media/photos/{photo.card.name}"
    assert (body["width"], body["height"]) == (600, 400)
    for name in (photo.card.name, photo.page.name):
        assert_no_metadata((photos_root / name).read_bytes())
    # Any member sees them.
    listed = api_as(bob).get(address(target))
    assert listed.status_code == 200 and [p["id"] for p in listed.json()] == [photo.pk]


@pytest.mark.parametrize(
    ("data", "alt_text", "field", "words"),
    [
        (pdf_named_jpeg(), "Un document", "file", "This file is not a photo"),
        (huge_bytes(), "Une grande photo", "file", "This photo is too large: at most 10 MB."),
        (photo_bytes(), "", "alt_text", "This field may not be blank."),
    ],
    ids=["renamed-pdf", "40-mb", "no-alt-text"],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    item, alice, photos_root, data, alt_text, field, words
):
    response = post(alice, item, data, alt_text)

    assert response.status_code == 400
    assert response.json()["errors"][field][0].startswith(words)
    assert not Photo.objects.exists() and stored_files(photos_root) == set()


def test_a_blank_alt_text_is_refused_by_the_service_too(item, alice, photos_root):
    response = post(alice, item, photo_bytes(), alt_text="   ")
    assert response.status_code == 400
    assert "alt_text" in response.json()["errors"]
    assert stored_files(photos_root) == set()


def test_a_seventh_photo_is_refused(item, alice, photos_root):
    for _ in range(6):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    before = stored_files(photos_root)

    response = post(alice, item, photo_bytes())

    assert response.status_code == 400
    assert response.json()["detail"] == "At most 6 photos: remove one first."
    assert Photo.objects.count() == 6 and stored_files(photos_root) == before


def test_json_is_not_an_upload(item, alice):
    response = api_as(alice).post(address(item), {"alt_text": "Vue"}, format="json")
    assert response.status_code == 415


def test_the_one_who_added_it_removes_it(
    item, alice, bob, photos_root, django_capture_on_commit_callbacks
):
    photo = photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    assert api_as(bob).delete(f"/api/v1/photos/{photo.pk}/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(alice).delete(f"/api/v1/photos/{photo.pk}/")
    assert response.status_code == 204
    assert not Photo.objects.exists() and stored_files(photos_root) == set()


def test_outsiders_get_a_404_everywhere(item, coup, alice, bob, dave, photos_root):
    photo = photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    for target in (item, coup):
        assert api_as(dave).get(address(target)).status_code == 404
        assert post(dave, target, photo_bytes()).status_code == 404
        # A member who may see the subject may not add to it.
        assert post(bob, target, photo_bytes()).status_code == 403
    assert api_as(dave).delete(f"/api/v1/photos/{photo.pk}/").status_code == 404
    assert api_as(alice).get("/api/v1/photos/quartier/1/").status_code == 404
    assert api_as(alice).get(f"/api/v1/photos/item/{item.pk + 1000}/").status_code == 404
    assert Photo.objects.count() == 1 and len(stored_files(photos_root)) == 2


def test_alt_text_comes_back_as_it_was_written(item, alice):
    words = '<img src=x onerror=alert(1)> & "la perceuse"'
    assert post(alice, item, photo_bytes(), alt_text=words).json()["alt_text"] == words


def test_the_list_takes_the_same_queries_for_one_photo_or_six(
    item, alice, bob, django_assert_num_queries
):
    client = api_as(bob)
    photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    client.get(address(item))  # the content type, cached from then on
    # The subject with its owner and quartier where the user is a member, the photos.
    with django_assert_num_queries(2) as one:
        assert len(client.get(address(item)).json()) == 1
    for _ in range(5):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(address(item)).json()) == 6


def test_a_photo_of_a_subject_no_app_registers_is_not_found(quartier, alice):
    photo = photo_add(subject=quartier, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    assert api_as(alice).delete(f"/api/v1/photos/{photo.pk}/").status_code == 404
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_the_upload_is_documented_as_a_multipart_file():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    operation = document["paths"]["/api/v1/photos/{subject}/{subject_id}/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data"}
    reference = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    upload_schema = document["components"]["schemas"][reference.rpartition("/")[2]]
    assert upload_schema["properties"]["file"] == {
        **upload_schema["properties"]["file"],
        "type": "string",
        "format": "binary",
    }
    assert set(upload_schema["required"]) == {"file", "alt_text"}
    assert {"201", "400", "403", "404", "413", "415"} <= set(operation["responses"])
    [subject, _id] = operation["parameters"]
    assert set(subject["schema"]["enum"]) == {
        "consultation",
        "coup_de_main",
        "event",
        "item",
        "place",
    }
