"""The farm orders' section of the quartier sheet: the next distribution, where and when, and
how to order for it (until when, where), coded "A-<id>" (A for AMAP). One query."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.produce.models import OrderCycle
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.sheet.codes import code_for
from neighbourhood.quartiers.sheet.sections import (
    Line,
    Moment,
    Part,
    SheetSection,
    first_rows,
    register,
)

LETTER = "A"


def sheet_parts(quartier: Quartier, moment: Moment) -> list[Part]:
    here = timezone.localtime(moment.now, timezone.get_default_timezone())
    # The distributions not over yet: a later day, or today until it ends.
    coming = (
        OrderCycle.objects.filter(
            Q(distribution_date__gt=here.date())
            | Q(distribution_date=here.date(), distribution_end__gt=here.time()),
            quartier=quartier,
        )
        .only(
            "id",
            "quartier_id",
            "title",
            "distribution_date",
            "distribution_start",
            "distribution_end",
            "place",
            "opens_at",
            "closes_at",
            "closed_early_at",
            "created_at",
        )
        .order_by("distribution_date", "distribution_start", "id")
    )
    rows, total, new = first_rows(coming, moment, limit=1)
    part = Part(
        "produce",
        _("The next farm distribution"),
        [],
        empty=_("No distribution planned at the moment."),
    )
    if not rows:
        return [part]
    cycle = rows[0]
    line = Line(
        code=code_for(LETTER, cycle.pk),
        title=cycle.title,
        details=_("%(day)s, %(start)s–%(end)s, %(place)s")
        % {
            "day": date_format(cycle.distribution_date, "l j F"),
            "start": cycle.distribution_start.strftime("%H:%M"),
            "end": cycle.distribution_end.strftime("%H:%M"),
            "place": cycle.place,
        },
        url=cycle.get_absolute_url(),
        is_new=moment.is_new(cycle.created_at),
    )
    return [
        Part(
            part.key,
            part.title,
            [line],
            more=total - 1,
            new_count=new,
            empty=part.empty,
            notes=[_how_to_order(cycle, line.code, moment.now)],
        )
    ]


def _how_to_order(cycle: OrderCycle, code: str, now: datetime.datetime) -> str:
    state = cycle.state_at(now)
    if state == OrderCycle.State.OPEN:
        return _(
            "To order: before %(deadline)s, on the site (code %(code)s) or through a coordinator."
        ) % {"deadline": _moment(cycle.order_deadline), "code": code}
    if state == OrderCycle.State.UPCOMING:
        return _(
            "Orders open %(opens)s and close %(closes)s: on the site (code %(code)s) or through "
            "a coordinator."
        ) % {
            "opens": _moment(cycle.opens_at),
            "closes": _moment(cycle.order_deadline),
            "code": code,
        }
    return _("Orders are closed: those who ordered pick up their order at the distribution.")


def _moment(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return _("%(day)s at %(time)s") % {"day": date_format(local, "l j F"), "time": f"{local:%H:%M}"}


def resolve(quartier: Quartier, cycle_id: int) -> str | None:
    cycle = OrderCycle.objects.filter(quartier=quartier, pk=cycle_id).only("id").first()
    return cycle.get_absolute_url() if cycle is not None else None


def register_sheet_sections() -> None:
    register(
        SheetSection(
            "produce", 30, LETTER, gettext_lazy("a farm distribution"), sheet_parts, resolve
        )
    )
