"""The page where an object's owner (or a coup de main's author) adds and removes its photos:
plain forms, errors in words, nothing stored when refused; outsiders get a 404."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from tests.neighbourhood.photos.conftest import (
    assert_no_metadata,
    huge_bytes,
    pdf_named_jpeg,
    photo_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def page(subject) -> str:
    key = "item" if subject._meta.model_name == "item" else "coup_de_main"
    return f"/photos/{key}/{subject.pk}/"


def send(
    client: Client, subject, data: bytes, name: str = "photo.jpg", alt_text: str = "Une perceuse"
):
    file = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(page(subject), {"file": file, "alt_text": alt_text})


@pytest.mark.parametrize("subject", ["item", "coup"])
def test_the_owner_adds_a_photo_stored_without_its_gps(request, alice, photos_root, subject):
    target = request.getfixturevalue(subject)
    client = client_for(alice)
    assert client.get(page(target)).status_code == 200

    response = send(client, target, photo_bytes(orientation=6))

    assert response.status_code == 302 and response["Location"] == page(target)
    [photo] = Photo.objects.all()
    assert photo.subject == target and photo.owner == alice and photo.alt_text == "Une perceuse"
    for name in (photo.card.name, photo.page.name):
        assert_no_metadata((photos_root / name).read_bytes())
    # Turned upright from the EXIF orientation: 600×400 taken sideways is 400×600.
    assert (photo.width, photo.height) == (400, 600)
    shown = client.get(page(target)).content.decode()
    assert f'src="{photo.card.url}" alt="Une perceuse"' in shown


def test_the_form_asks_for_words_with_a_hint_and_sends_a_file(item, alice):
    shown = client_for(alice).get(page(item)).content.decode()
    assert 'enctype="multipart/form-data"' in shown
    assert '<label for="id_alt_text">What the photo shows' in shown
    assert "for those who cannot see it" in shown
    assert 'type="file" name="file"' in shown


@pytest.mark.parametrize(
    ("data", "name", "alt_text", "words"),
    [
        (pdf_named_jpeg(), "photo.jpg", "Un document", "This file is not a photo"),
        (
            huge_bytes(),
            "photo.jpg",
            "Une très grande photo",
            "This photo is too large: at most 10 MB.",
        ),
        (photo_bytes(), "photo.jpg", "   ", "Describe the photo in a few words"),
        (b"", "photo.jpg", "Une perceuse", "This file is empty"),
    ],
    ids=["renamed-pdf", "40-mb", "no-alt-text", "empty"],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    item, alice, photos_root, data, name, alt_text, words
):
    response = send(client_for(alice), item, data, name, alt_text)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Photo.objects.exists() and stored_files(photos_root) == set()


def test_a_seventh_photo_is_refused_in_words(item, alice, photos_root):
    for _ in range(6):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Une vue")
    before = stored_files(photos_root)
    client = client_for(alice)
    assert "Add the photo" not in client.get(page(item)).content.decode()

    response = send(client, item, photo_bytes())

    assert response.status_code == 400
    assert "At most 6 photos: remove one first." in response.content.decode()
    assert Photo.objects.count() == 6 and stored_files(photos_root) == before


def test_the_owner_removes_a_photo_and_its_files(
    item, alice, photos_root, django_capture_on_commit_callbacks
):
    photo = photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(f"/photos/remove/{photo.pk}/")
    assert response.status_code == 302 and response["Location"] == page(item)
    assert not Photo.objects.exists() and stored_files(photos_root) == set()


def test_outsiders_get_a_404_and_members_a_403(item, coup, alice, bob, dave, photos_root):
    photo = photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    for target in (item, coup):
        assert client_for(dave).get(page(target)).status_code == 404
        assert send(client_for(dave), target, photo_bytes()).status_code == 404
        assert client_for(bob).get(page(target)).status_code == 403
        assert send(client_for(bob), target, photo_bytes()).status_code == 403
    assert client_for(dave).post(f"/photos/remove/{photo.pk}/").status_code == 404
    assert client_for(bob).post(f"/photos/remove/{photo.pk}/").status_code == 403
    assert client_for(alice).get("/photos/quartier/1/").status_code == 404  # not a subject
    assert Photo.objects.count() == 1 and len(stored_files(photos_root)) == 2


def test_no_one_lists_the_photos_folder(settings, item, alice, dave):
    settings.PHOTOS_SERVE = True
    photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    for user in (dave, alice):
        assert client_for(user).get(settings.PHOTOS_URL).status_code == 404


def test_alt_text_is_escaped_everywhere(item, alice):
    words = '<script>alert("x")</script> & "une perceuse"'
    photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text=words)
    shown = client_for(alice).get(page(item)).content.decode()
    assert "<script>alert" not in shown
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;une perceuse&quot;" in shown
    )


def test_the_partials_show_the_photos_with_their_words(item, alice):
    from django.template.loader import render_to_string

    for alt in ("Première", "Seconde"):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text=alt)
    first, _second = Photo.objects.order_by("position")
    gallery = render_to_string("photos/_gallery.html", {"photos": item.photos.all()})
    assert f'src="{first.page.url}" alt="Première" width="600" height="400"' in gallery
    assert 'alt="Seconde"' in gallery
    card = render_to_string("photos/_card.html", {"photos": item.photos.all()})
    assert f'src="{first.card.url}" alt="Première"' in card and "Seconde" not in card
    assert render_to_string("photos/_card.html", {"photos": []}).strip() == ""
    image = Image.open(io.BytesIO(first.card.read()))
    assert image.size == (480, 320)


def test_the_page_takes_the_same_queries_for_one_photo_or_six(item, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    client.get(page(item))
    with CaptureQueriesContext(connection) as one:
        client.get(page(item))
    for _ in range(5):
        photo_add(subject=item, owner=alice, upload=upload(photo_bytes()), alt_text="Vue")
    with CaptureQueriesContext(connection) as six:
        assert client.get(page(item)).content.decode().count("<img ") == 6
    assert len(six.captured_queries) == len(one.captured_queries)
