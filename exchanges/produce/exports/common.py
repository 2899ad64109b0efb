"""What the CSV and the PDF of a report share: which reports there are, their titles and file
names, and how amounts, weights and order lines are written in the active language."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.utils.formats import date_format, get_format
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from exchanges.produce import reports
from exchanges.produce.models import CycleProduct, OrderCycle, OrderLine, Payment


def report_title(report: str) -> str:
    """The report's title in the active language; 404 for a report that does not exist."""
    titles: dict[str, Callable[[], str]] = {
        "totals": lambda: _("Totals per producer"),
        "pickup": lambda: _("Pick-up list"),
        "packing": lambda: _("Packing"),
    }
    if report not in titles:
        raise Http404
    return titles[report]()


def filename(report: str, cycle: OrderCycle, extension: str) -> str:
    """The file named after the report and the distribution day,
    "liste-demargement-2025-03-06.csv" in French (slugified, so that no file system nor mail
    client chokes on an accent)."""
    stem = slugify(report_title(report)) or report
    return f"{stem}-{cycle.distribution_date.isoformat()}.{extension}"


def distribution(data: reports.Lines) -> str:
    """ "jeudi 6 mars 2025, 18:00–19:30, Maison des associations"."""
    cycle = data.cycle
    return _("%(day)s, %(start)s–%(end)s, %(place)s") % {
        "day": date_format(cycle.distribution_date, "l j F Y"),
        "start": cycle.distribution_start.strftime("%H:%M"),
        "end": cycle.distribution_end.strftime("%H:%M"),
        "place": cycle.place,
    }


def amount(cents: int) -> str:
    """Euros with two decimals and the active language's decimal mark ("12,50" in French, which
    French Excel reads as a number), never grouped: a spreadsheet reads a grouped "1 234,50" as
    text."""
    return f"{cents // 100}{get_format('DECIMAL_SEPARATOR')}{cents % 100:02d}"


def kilograms(grams: int) -> str:
    return f"{grams // 1000}{get_format('DECIMAL_SEPARATOR')}{grams % 1000:03d}"


def product_name(offer: CycleProduct) -> str:
    product = offer.product
    return f"{product.name} ({product.per_unit})" if product.per_unit else product.name


def unit_name(offer: CycleProduct) -> str:
    return str(offer.product.get_unit_display())


def line_text(line: OrderLine) -> str:
    """ "2 × Œufs (boîte de 6)"; a weighed product says its weight, or that it is still to
    weigh."""
    text = f"{line.quantity} × {product_name(line.offer)}"
    if line.offer.product.is_weighed:
        if line.weight_grams is None:
            return _("%(line)s, to weigh") % {"line": text}
        return f"{text}, {kilograms(line.weight_grams)} kg"
    return text


def basket_text(basket: reports.Basket) -> str:
    """ "1 × Grand panier (Légumes — saison), for Karim, payments late": a contract basket,
    whose subscriber it is when someone else collects it, and whether they are late paying."""
    subscription = basket.subscription
    text = f"{subscription.shares} × {subscription.size.name} ({basket.date.contract.title})"
    if basket.passed_on:
        text = _("%(basket)s, for %(member)s") % {
            "basket": text,
            "member": basket.subscriber.public_name,
        }
    if basket.late:
        text = _("%(basket)s, contract payments late") % {"basket": text}
    return text


def pickup_texts(pickup: reports.PickUp) -> list[str]:
    """What a line of the sign-off sheet takes: the contract baskets, then the order."""
    return [*(basket_text(basket) for basket in pickup.baskets)] + [
        line_text(line) for line in pickup.lines
    ]


def shares_text(total: reports.ProducerTotal) -> list[str]:
    """ "Légumes — saison, Grand panier: 12 shares" for each size to bring."""
    return [
        ngettext(
            "%(contract)s, %(size)s: %(count)s share",
            "%(contract)s, %(size)s: %(count)s shares",
            share.shares,
        )
        % {"contract": share.contract, "size": share.size, "count": share.shares}
        for share in total.shares
    ]


def weighed_grams(data: reports.Lines) -> dict[int, int]:
    """The weight of the weighed lines so far, per offer id."""
    grams: dict[int, int] = defaultdict(int)
    for line in data.lines:
        if line.weight_grams is not None:
            grams[line.offer_id] += line.weight_grams
    return grams


def unit_prices(data: reports.Lines) -> dict[int, list[int]]:
    """The prices the lines of each offer were ordered at: several if the producer changed the
    price during the cycle, as each line keeps the price of its day."""
    prices: dict[int, set[int]] = defaultdict(set)
    for line in data.lines:
        prices[line.offer_id].add(line.unit_price_cents)
    return {offer_id: sorted(cents) for offer_id, cents in prices.items()}


def payment_text(payment: Payment, currency: str) -> str:
    """ "Ferme des Monts d'Or: Cheque no. 1234, 12,50 €, received"."""
    words = _payment_words(get_language())
    how = words.methods[payment.method]
    if payment.cheque_number:
        how = words.numbered % {"method": how, "number": payment.cheque_number}
    return words.line % {
        "producer": payment.producer.farm_name,
        "method": how,
        "amount": amount(payment.amount_cents),
        "currency": currency,
        "status": words.statuses[payment.status],
    }


@dataclass(frozen=True)
class _PaymentWords:
    methods: dict[str, str]
    statuses: dict[str, str]
    numbered: str
    line: str


@functools.cache
def _payment_words(language: str | None) -> _PaymentWords:
    """What every payment's text is made of, translated once a language rather than for each
    of a sign-off sheet's hundreds of payments (the translation of a choice's label is looked
    up anew each time it is read)."""
    return _PaymentWords(
        methods={method.value: str(method.label) for method in Payment.Method},
        statuses={status.value: str(status.label).lower() for status in Payment.Status},
        numbered=_("%(method)s no. %(number)s"),
        line=_("%(producer)s: %(method)s, %(amount)s %(currency)s, %(status)s"),
    )


def volunteers(data: reports.Lines) -> list[tuple[str, list[str]]]:
    return [
        (role, [member.public_name for member in members])
        for role, members in reports.volunteers_by_role(data).items()
    ]
