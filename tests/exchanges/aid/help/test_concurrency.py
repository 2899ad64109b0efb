"""Many helpers chosen at the same moment: only a real database with row locks can show that
exactly as many as were needed are taken."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.services import help as services
from tests.exchanges.aid.help.fields import publish
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HELPERS = 12
NEEDED = 3


def in_english(action):
    def run():
        with translation.override("en"):
            return action()

    return run


def test_of_many_helpers_chosen_at_once_exactly_the_helpers_needed_are_taken():
    quartier = QuartierFactory.create()
    asker, *helpers = [UserFactory.create() for _ in range(HELPERS + 1)]
    for person in (asker, *helpers):
        MembershipFactory.create(quartier=quartier, user=person)
    coup = publish(quartier, asker, helpers_needed=NEEDED)
    offers = [services.help_offer(coup=coup, helper=helper) for helper in helpers]

    results = run_together(
        [in_english(lambda o=o: services.help_choose(offer=o, actor=asker)) for o in offers]
    )

    chosen = [r for r in results if isinstance(r, HelpOffer)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(chosen) == NEEDED, results
    assert len(refusals) == HELPERS - NEEDED, results
    assert all(r.messages == ["3 helpers were needed: all places are taken."] for r in refusals)
    coup.refresh_from_db()
    assert coup.helpers_taken == NEEDED and coup.status == CoupDeMain.Status.FULL
    assert HelpOffer.objects.filter(status="chosen").count() == NEEDED


def test_many_neighbours_saying_i_can_help_at_once_each_offer_once():
    quartier = QuartierFactory.create()
    asker, helper = UserFactory.create(), UserFactory.create()
    for person in (asker, helper):
        MembershipFactory.create(quartier=quartier, user=person)
    coup = publish(quartier, asker)

    results = run_together(
        [in_english(lambda: services.help_offer(coup=coup, helper=helper)) for _ in range(6)]
    )

    assert sum(isinstance(r, HelpOffer) for r in results) == 1, results
    assert HelpOffer.objects.count() == 1
