"""Mutual aid: coups de main (a hand asked for or offered) and objects lent or given away.

`help` holds the coups de main, the neighbours who answer them and the thanks; `objects` holds
the objects, their loans (never two for overlapping dates) and their gifts."""

from exchanges.aid.models.help import Category, CoupDeMain, HelpOffer, Thanks
from exchanges.aid.models.objects import Gift, Item, ItemCategory, Loan

__all__ = [
    "Category",
    "CoupDeMain",
    "Gift",
    "HelpOffer",
    "Item",
    "ItemCategory",
    "Loan",
    "Thanks",
]
