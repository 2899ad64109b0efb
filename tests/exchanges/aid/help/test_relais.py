"""Marc, a relais, acting for Mme Petit on coups de main: the pages he may use for her (her
request's photos included), and every step he takes for her in the log she and the
coordinators read; her request still says it was posted by him, and no step after says more."""

# The relais's and the photos' fixtures are imported from their conftest files.
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.services import help as services
from neighbourhood.photos.models import Photo
from neighbourhood.photos.services import photo_add
from neighbourhood.relais.models import ProxyAction
from neighbourhood.relais.selectors import attribution
from tests.exchanges.aid.help.fields import help_fields, in_days, publish
from tests.neighbourhood.photos.conftest import photo_bytes, photos_root, upload
from tests.neighbourhood.relais.conftest import (
    acting_client,
    consent,
    marc,
    petit,
)

pytestmark = pytest.mark.django_db

Verb = ProxyAction.Verb


def logged(verb: str) -> ProxyAction:
    return ProxyAction.objects.get(verb=verb)


def test_marc_adds_a_photo_to_mme_petits_request_and_removes_it(quartier, marc, consent, petit):
    coup = publish(quartier, petit, title="Changer une ampoule", category="diy")
    client = acting_client(marc, consent)
    manage = reverse("photos:manage", args=["coup_de_main", coup.pk])
    # Her request's page shows him the link; the page it leads to is open to him.
    assert manage in client.get(coup.get_absolute_url()).content.decode()
    assert client.get(manage).status_code == 200

    file = SimpleUploadedFile("ampoule.jpg", photo_bytes(), content_type="image/jpeg")
    response = client.post(manage, {"file": file, "alt_text": "Le plafonnier"})

    assert response.status_code == 302
    [photo] = Photo.objects.all()
    assert photo.subject == coup and photo.owner == petit
    added = logged(Verb.PHOTO_ADDED)
    assert (added.relais, added.neighbour, added.target_id) == (marc, petit, coup.pk)
    assert added.summary == "Le plafonnier"

    response = client.post(reverse("photos:remove", args=[photo.pk]))

    assert response.status_code == 302 and not Photo.objects.exists()
    removed = logged(Verb.PHOTO_REMOVED)
    assert (removed.relais, removed.neighbour, removed.target_id) == (marc, petit, coup.pk)


def test_each_step_marc_takes_on_her_request_is_logged(quartier, marc, consent, petit, alice, bob):
    coup = publish(quartier, petit, helpers_needed=1)
    alices = services.help_offer(coup=coup, helper=alice)
    bobs = services.help_offer(coup=coup, helper=bob)
    client = acting_client(marc, consent)

    edit = client.post(
        reverse("aid:help_edit", args=[coup.pk]),
        {
            "kind": "request",
            "category": "moving",
            "title": "Porter une armoire, au 2e",
            "description": "Une heure",
            "timing": "at",
            "start_date": in_days(4).date().isoformat(),
            "start_time": "10:00",
            "place_label": "12 rue d'Austerlitz",
            "helpers_needed": "1",
        },
    )
    assert edit.status_code == 302, edit.content.decode()[:2000]
    assert client.post(reverse("aid:help_choose", args=[alices.pk])).status_code == 302
    assert client.post(reverse("aid:help_decline", args=[bobs.pk])).status_code == 302
    assert client.post(reverse("aid:help_done", args=[coup.pk])).status_code == 302
    thanks = client.post(reverse("aid:help_thank", args=[coup.pk]), {"text": "Merci Alice"})
    assert thanks.status_code == 302

    assert logged(Verb.HELP_EDITED).target_id == coup.pk
    assert logged(Verb.HELP_CHOSEN).target_id == alices.pk
    assert logged(Verb.HELP_DECLINED).target_id == bobs.pk
    assert logged(Verb.HELP_DONE).target_id == coup.pk
    assert logged(Verb.HELP_THANKED).target_id == coup.pk
    assert set(ProxyAction.objects.values_list("relais", "neighbour").distinct()) == {
        (marc.pk, petit.pk)
    }
    # Her request was posted by her: Marc's later steps do not make it his.
    assert attribution(coup) is None


def test_marc_cancels_her_request_and_withdraws_her_offer_of_help(
    quartier, marc, consent, petit, alice
):
    hers = publish(quartier, petit, title="Lire le courrier")
    alices = publish(quartier, alice, title="Porter les courses")
    offer = services.help_offer(coup=alices, helper=petit)
    client = acting_client(marc, consent)

    assert client.post(reverse("aid:help_withdraw", args=[offer.pk])).status_code == 302
    assert client.post(reverse("aid:help_cancel", args=[hers.pk])).status_code == 302

    assert HelpOffer.objects.get().status == HelpOffer.Status.WITHDRAWN
    assert CoupDeMain.objects.get(pk=hers.pk).status == CoupDeMain.Status.CANCELLED
    assert logged(Verb.HELP_WITHDRAWN).target_id == offer.pk
    assert logged(Verb.HELP_CANCELLED).target_id == hers.pk


def test_nothing_is_logged_when_she_acts_herself(quartier, petit, alice):
    coup = publish(quartier, petit)
    offer = services.help_offer(coup=coup, helper=alice)
    services.help_edit(coup=coup, actor=petit, **help_fields(title="Une armoire"))
    services.help_choose(offer=offer, actor=petit)
    photo_add(subject=coup, owner=petit, upload=upload(photo_bytes()), alt_text="Vue")
    services.help_done(coup=coup, actor=petit)

    assert (
        not ProxyAction.objects.exclude(verb=Verb.ACCOUNT_OPENED)
        .exclude(verb=Verb.CONSENT_RECORDED)
        .exists()
    )
