"""The demo quartier's consultations: a date poll in its vote, a majority judgment in debate,
an open question closed; seeded again, nothing new."""

from io import StringIO

import pytest
from django.core.management import call_command

from exchanges.consultations.models import Consultation, Option

pytestmark = pytest.mark.django_db
Phase = Consultation.Phase


def seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_a_vote_open_a_debate_and_a_closed_question():
    seed()
    phases = dict(Consultation.objects.values_list("question", "phase"))
    assert phases == {
        "Quel samedi pour la fête de la rue ?": Phase.VOTE,
        "La AMAP ajoute-t-elle un boulanger ?": Phase.DEBATE,
        "Que demander à la mairie pour la place Colbert ?": Phase.RESULTS,
    }
    bread = Consultation.objects.get(method=Consultation.Method.MAJORITY_JUDGMENT)
    assert bread.options.count() == 4
    assert [option.label for option in bread.options.all()][-1] == "Pas de pain"
    party = Consultation.objects.get(method=Consultation.Method.DATE_POLL)
    assert all(option.date for option in party.options.all())
    assert all(option.label.startswith("samedi") for option in party.options.all())


def test_seeding_again_creates_no_consultation():
    seed()
    before = (Consultation.objects.count(), Option.objects.count())
    seed()
    assert (Consultation.objects.count(), Option.objects.count()) == before
