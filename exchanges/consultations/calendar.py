"""Consultations in the calendars (neighbourhood.calendar), registered in
`ConsultationsConfig.ready`: the vote's opening and its close, two moments of each approved
consultation, on the quartier's page and in the member's private feed (a vote of their
quartier is theirs to take part in). Not in the public feed: consultations are the members'."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from exchanges.consultations.models import Consultation
from neighbourhood.accounts.models import User
from neighbourhood.calendar import Item, Section, link_to, local_moment, register_calendar_section
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_of_quartier

UTC = zoneinfo.ZoneInfo("UTC")


class ConsultationsSection(Section):
    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        zone = quartier.zone
        start = local_moment(first, datetime.time.min, zone)
        end = local_moment(last + datetime.timedelta(days=1), datetime.time.min, zone)
        return _items(
            _in_window(Consultation.objects.filter(quartier=quartier), start, end), start, end
        )

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        # The window in UTC days is wide enough: each item is then kept by its own moment.
        start = local_moment(first - datetime.timedelta(days=1), datetime.time.min, UTC)
        end = local_moment(last + datetime.timedelta(days=2), datetime.time.min, UTC)
        mine = Consultation.objects.filter(member_of_quartier(member, "quartier_id"))
        return _items(_in_window(mine, start, end), start, end)


def _in_window(
    consultations: QuerySet[Consultation], start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Consultation]:
    """Approved consultations whose vote opens or closes in the window: one query."""
    return (
        consultations.filter(status=Consultation.Status.APPROVED)
        .filter(
            Q(vote_at__gte=start, vote_at__lt=end) | Q(results_at__gte=start, results_at__lt=end)
        )
        .select_related("quartier")
        .order_by("vote_at", "id")
    )


def _items(
    consultations: Iterable[Consultation], start: datetime.datetime, end: datetime.datetime
) -> list[Item]:
    items = []
    for consultation in consultations:
        for moment, key, words in (
            (consultation.vote_at, "opens", _("The vote opens: %(question)s")),
            (consultation.results_at, "closes", _("The vote closes: %(question)s")),
        ):
            if start <= moment < end:
                items.append(_item(consultation, moment, key, words))
    return items


def _item(consultation: Consultation, moment: datetime.datetime, key: str, words: str) -> Item:
    return Item(
        uid=f"consultation-{consultation.pk}-{key}@voisinage",
        kind="consultation",
        title=words % {"question": consultation.question},
        start=moment,
        end=moment,
        zone=consultation.quartier.zone,
        url=link_to(consultation, consultation.quartier.get_absolute_url()),
        description=consultation.background,
        updated=consultation.updated_at,
    )


def register_sections() -> None:
    register_calendar_section("consultations", ConsultationsSection())
