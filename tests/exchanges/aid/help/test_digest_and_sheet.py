"""Coups de main in the digest (requests of a category I offer first) and on the quartier
sheet (open requests coded M-<id>)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.aid import digest_help, sheet_help
from exchanges.aid.services import help as services
from messaging.digests.sections import Reader, registered
from neighbourhood.quartiers.sheet import sections
from neighbourhood.quartiers.sheet.sections import Moment
from tests.exchanges.aid.help.fields import in_days, publish
from tests.factories import MembershipFactory, QuartierFactory

pytestmark = pytest.mark.django_db


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def titles(found, user):
    return [(item.title, str(item.note)) for item in found.get(user.pk, [])]


def test_requests_of_a_category_i_offer_come_first(quartier, alice, bob, carol):
    publish(quartier, bob, kind="offer", category="garden", title="Je jardine")
    publish(quartier, alice, category="moving", title="Armoire")
    publish(quartier, carol, category="garden", title="Haie à tailler")
    publish(quartier, alice, category="paperwork", title="Dossier CAF")
    publish(quartier, bob, category="garden", title="Ma propre demande")
    cancelled = publish(quartier, alice, category="diy", title="Annulée")
    services.help_cancel(coup=cancelled, actor=alice)

    found = digest_help.new_requests([reader(bob, quartier), reader(alice, quartier)])

    assert titles(found, bob) == [
        ("Haie à tailler", "You offer a hand in this category"),
        ("Dossier CAF", "Paperwork"),
        ("Armoire", "Moving and carrying"),
    ]
    assert [title for title, _note in titles(found, alice)] == [
        "Ma propre demande",
        "Haie à tailler",
    ]


def test_the_digest_reads_a_chunk_of_readers_in_two_queries(
    quartier, alice, bob, carol, django_assert_num_queries
):
    elsewhere = QuartierFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=carol)
    for number in range(4):
        publish(quartier, alice, title=f"Demande {number}")
        publish(elsewhere, carol, title=f"Ailleurs {number}")
    publish(quartier, bob, kind="offer")

    with django_assert_num_queries(2):
        found = digest_help.new_requests(
            [reader(bob, quartier), reader(carol, quartier, elsewhere), reader(alice, quartier)]
        )

    assert len(found[bob.pk]) == 4 and len(found[carol.pk]) == 4
    assert "help" in {section.key for section in registered()}


def test_the_sheet_prints_open_requests_urgent_first_with_their_code(quartier, alice, bob):
    later = publish(quartier, alice, title="Armoire", starts_at=in_days(5))
    urgent = publish(quartier, bob, title="Courses demain", starts_at=in_days(1))
    publish(quartier, bob, kind="offer", title="Une offre n'y est pas")

    [part] = sheet_help.sheet_parts(quartier, Moment(timezone.now()))

    assert [(line.code, line.title) for line in part.lines] == [
        (f"M-{urgent.pk}", "Courses demain"),
        (f"M-{later.pk}", "Armoire"),
    ]
    assert part.lines[0].details.startswith("Urgent · Moving and carrying")
    assert "2 helpers wanted" in part.lines[1].details
    assert sections.section_of("M") is not None


def test_a_code_typed_back_opens_the_coup_de_main(quartier, alice):
    coup = publish(quartier, alice)
    client = Client()
    client.force_login(alice)

    response = client.get(reverse("quartiers:code", args=[quartier.slug]) + f"?c=m{coup.pk}")

    assert response.status_code == 302 and response["Location"] == coup.get_absolute_url()
    assert sheet_help.resolve(QuartierFactory.create(), coup.pk) is None
