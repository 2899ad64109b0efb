"""The confirmation a member gets each time their order changes: what it holds now, what it
costs, and until when they can still change it, written in their language."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.produce import kinds
from exchanges.produce.models import Order, OrderCycle, OrderLine
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.templatetags.voisinage import euros


def order_confirmation_send(
    *, cycle: OrderCycle, member: User, order: Order | None, actor: User
) -> None:
    """Notifies ``member`` of their order as it now stands (``None``: emptied), after the
    commit of the change; ``actor`` is a coordinator who changed it for them, if not them."""
    lines = list(order.lines.select_related("offer__product")) if order is not None else []
    with translation.override(member.language):
        details = [_line_text(line) for line in lines] + _closing_texts(cycle, lines)
    messaging.notification_create(
        user=member,
        kind=kinds.ORDER_CONFIRMED,
        actor=actor if actor.pk != member.pk else None,
        title=cycle.title,
        url=cycle.get_absolute_url(),
        details=details,
    )


def _line_text(line: OrderLine) -> str:
    product = line.offer.product
    name = f"{product.name} ({product.per_unit})" if product.per_unit else product.name
    if product.is_weighed:
        price = _("%(price)s a kilo, weighed at the distribution") % {
            "price": euros(line.unit_price_cents)
        }
    else:
        price = _("%(price)s per %(unit)s") % {
            "price": euros(line.unit_price_cents),
            "unit": product.get_unit_display(),
        }
    amount = line.amount_cents
    text = f"- {line.quantity} × {name}, {price}"
    # The colon is translated: French writes a space before it.
    return text if amount is None else f"{text}{_(':')} {euros(amount)}"


def _closing_texts(cycle: OrderCycle, lines: list[OrderLine]) -> list[str]:
    """The total, then until when the order can change (the distribution's own timezone)."""
    if not lines:
        texts = [_("Your order is empty: nothing is ordered.")]
    else:
        total = sum(line.amount_cents or 0 for line in lines)
        texts = ["", _("Total: %(amount)s") % {"amount": euros(total)}]
        to_weigh = sum(1 for line in lines if line.amount_cents is None)
        if to_weigh:
            texts[-1] += " " + ngettext(
                "plus %(counter)s product weighed at the distribution",
                "plus %(counter)s products weighed at the distribution",
                to_weigh,
            ) % {"counter": to_weigh}
    deadline = date_format(
        timezone.localtime(cycle.order_deadline, timezone.get_default_timezone()),
        "DATETIME_FORMAT",
    )
    if timezone.now() < cycle.order_deadline:
        texts.append(_("You can change it until %(when)s.") % {"when": deadline})
    else:
        texts.append(
            _("Orders closed on %(when)s: ask a coordinator to change yours.") % {"when": deadline}
        )
    return texts
