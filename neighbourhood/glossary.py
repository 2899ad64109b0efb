"""The few words of Voisinage a neighbour has to learn, explained in plain words on one page
(linked from every footer, and by a "?" next to the word where it appears). The same list, for
the project's readers, is docs/glossary.md."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str  # the anchor of its explanation: /glossary/#amap
    word: Promise
    meaning: Promise


TERMS = [
    Term(
        "quartier",
        _("Quartier"),
        _(
            "Your neighbourhood on Voisinage: the people who live near you and what they share. "
            "You join one (or several), and you see only what its members publish."
        ),
    ),
    Term(
        "coordinator",
        _("Coordinator"),
        _(
            "A member who looks after a quartier: they welcome new members, take down what "
            "breaks the rules and organise the orders from the farms."
        ),
    ),
    Term(
        "swap",
        _("Knowledge swap"),
        _(
            "A neighbour teaches another something they know (cooking, a language, a "
            "smartphone…), for free. Everyone can teach and everyone can learn: often the one who "
            "learns teaches something back."
        ),
    ),
    Term(
        "carpool",
        _("Carpooling"),
        _(
            "Sharing a car: a driver who goes somewhere offers the free seats; a neighbour going "
            "the same way asks for one."
        ),
    ),
    Term(
        "meeting-point",
        _("Meeting point"),
        _("A place everyone knows (a square, a bus stop) where a driver picks passengers up."),
    ),
    Term(
        "amap",
        _("AMAP"),
        _(
            "An association of neighbours who buy directly from the farms nearby, often for a "
            "whole season. The farmer knows what to grow; the neighbours eat fresh food at a fair "
            "price. (In French: association pour le maintien d’une agriculture paysanne.)"
        ),
    ),
    Term(
        "weekly-order",
        _("This week’s order"),
        _(
            "The time during which members can order from the farms, before a distribution. "
            "After the deadline, the orders go to the farms."
        ),
    ),
    Term(
        "distribution",
        _("Distribution"),
        _(
            "The day, the time and the place where the farmers bring what was ordered and where "
            "everyone comes to pick up their order."
        ),
    ),
    Term(
        "pickup-list",
        _("Pick-up list"),
        _(
            "The list, at the distribution, of who ordered what: each member is ticked off when "
            "they have picked up their order."
        ),
    ),
    Term(
        "relais",
        _("Relais"),
        _(
            "A member trusted by the coordinators to help a neighbour who has no e-mail or no "
            "computer: with their consent, the relais posts, orders or answers for them, and "
            "every action says so."
        ),
    ),
    Term(
        "digest",
        _("Summary e-mail"),
        _(
            "An e-mail, every day or every week as you choose, that sums up what is new in your "
            "quartiers."
        ),
    ),
]


def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "glossary.html", {"terms": TERMS})
