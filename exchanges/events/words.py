"""How a gathering's rule is said in words: "every second Saturday of the month", "every 2
weeks on Wednesday, until 31 December"."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from exchanges.events.models import Event
from exchanges.events.recurrence import nth_weekday


def _nth(n: int) -> str:
    return {
        1: pgettext("weekday of the month", "first"),
        2: pgettext("weekday of the month", "second"),
        3: pgettext("weekday of the month", "third"),
        4: pgettext("weekday of the month", "fourth"),
        -1: pgettext("weekday of the month", "last"),
    }[n]


def repeat_words(event: Event) -> str:
    """The rule in words, in the language active; empty for a gathering that happens once."""
    if not event.repeats:
        return ""
    first = event.starts_at.astimezone(event.quartier.zone)
    # As each language writes it: "Saturday" in English, "samedi" in French.
    weekday = str(WEEKDAYS[first.weekday()])
    n = event.interval
    if event.repeat == Event.Repeat.WEEKLY:
        said = ngettext("every week on %(weekday)s", "every %(n)d weeks on %(weekday)s", n) % {
            "n": n,
            "weekday": weekday,
        }
    elif event.repeat == Event.Repeat.MONTHLY_BY_WEEKDAY:
        said = ngettext(
            "every %(nth)s %(weekday)s of the month",
            "every %(n)d months, on the %(nth)s %(weekday)s",
            n,
        ) % {"n": n, "nth": _nth(nth_weekday(first.date())), "weekday": weekday}
    else:
        said = ngettext("every month on day %(day)d", "every %(n)d months on day %(day)d", n) % {
            "n": n,
            "day": first.day,
        }
    if event.repeat_until is not None:
        said = _("%(rule)s, until %(date)s") % {
            "rule": said,
            "date": date_format(event.repeat_until, "j F Y"),
        }
    return said[:1].upper() + said[1:]
