"""Urgency is read, not stored: a request is urgent while it first happens today or tomorrow.
The page, the list's order and the printed sheet follow the clock; the offerers are told at once
only at publication."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain
from exchanges.aid.selectors import help as selectors
from messaging.models import Notification
from neighbourhood.quartiers.sheet.sections import Moment
from tests.exchanges.aid.help.fields import in_days, publish

pytestmark = pytest.mark.django_db


def weekday_in(days: int) -> int:
    return (timezone.localdate() + datetime.timedelta(days=days)).weekday()


def weekly(quartier, author, days: list[int], **overrides) -> CoupDeMain:
    fields = {
        "timing": "weekly",
        "starts_at": None,
        "weekdays": days,
        "weekly_time": datetime.time(10),
        "helpers_needed": 1,
    }
    return publish(quartier, author, **{**fields, **overrides})


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_a_request_three_days_ahead_becomes_urgent_two_days_later(quartier, alice, bob):
    publish(quartier, bob, kind="offer")
    coup = publish(quartier, alice, starts_at=in_days(3))

    assert not coup.is_urgent_at(timezone.now())
    assert coup.is_urgent_at(later(2))
    # The offerers were told nothing at publication, nor are they later: the list says it.
    assert not Notification.objects.filter(kind=kinds.HELP_URGENT).exists()


def test_a_weekly_request_is_urgent_only_the_day_before_and_the_day_of_its_weekday(quartier, alice):
    coup = weekly(quartier, alice, [weekday_in(0)])

    assert coup.is_urgent_at(timezone.now())
    assert not coup.is_urgent_at(later(2))
    assert coup.is_urgent_at(later(6)) and coup.is_urgent_at(later(7))


def test_the_list_puts_first_what_is_urgent_as_it_is_read(
    monkeypatch, client, quartier, alice, bob
):
    # In three days, a weekly request becomes urgent; a request on a date four days ahead does
    # not. Today it is the other way round in neither: the soonest date comes first.
    dated = publish(quartier, bob, title="Monter un meuble", starts_at=in_days(4))
    regular = weekly(quartier, alice, [weekday_in(3)], title="Lire le courrier")
    assert [c.pk for c in selectors.coup_list(quartier=quartier)] == [dated.pk, regular.pk]

    two_days_on = later(2)
    monkeypatch.setattr(timezone, "now", lambda: two_days_on)

    assert [c.pk for c in selectors.coup_list(quartier=quartier)] == [regular.pk, dated.pk]
    client.force_login(alice)
    page = client.get(reverse("aid:help_list", args=[quartier.slug])).content.decode()
    assert page.index("Lire le courrier") < page.index("Monter un meuble")
    assert page.count(">Urgent</strong>") == 1


def test_the_sheet_prints_urgent_what_is_urgent_when_it_is_printed(quartier, alice):
    from exchanges.aid.sheet_help import sheet_parts

    coup = publish(quartier, alice, starts_at=in_days(3))

    [today] = sheet_parts(quartier, Moment(now=timezone.now()))
    [soon] = sheet_parts(quartier, Moment(now=later(2)))

    assert "Urgent" not in today.lines[0].details
    assert soon.lines[0].details.startswith("Urgent") and soon.lines[0].title == coup.title


@pytest.mark.parametrize("ahead", range(8))
def test_the_order_in_sql_says_what_the_model_says(quartier, alice, bob, ahead):
    coups = [
        publish(quartier, alice, starts_at=in_days(1)),
        publish(quartier, alice, starts_at=in_days(2, hour=0)),
        publish(quartier, alice, starts_at=in_days(5)),
        publish(quartier, alice, timing="window", starts_at=in_days(0, 23), ends_at=in_days(9)),
        publish(quartier, bob, kind="offer", starts_at=in_days(1)),
        weekly(quartier, alice, [weekday_in(2)]),
        weekly(quartier, alice, [weekday_in(4), weekday_in(6)]),
        weekly(quartier, alice, [0, 1, 2, 3, 4, 5, 6], starts_at=in_days(4, hour=0)),
        weekly(quartier, alice, [weekday_in(5)], starts_at=in_days(3, hour=0)),
    ]
    moment = later(ahead)

    in_sql = dict(
        selectors.with_urgency(CoupDeMain.objects.all(), moment)
        .annotate(seen=selectors.urgency(moment))
        .values_list("pk", "seen")
    )

    assert in_sql == {coup.pk: int(coup.is_urgent_at(moment)) for coup in coups}
