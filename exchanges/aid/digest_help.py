"""Coups de main's section of the digest: the requests for a hand published in the reader's
quartiers during their period, by others, still open; those of a category the reader offers a
hand in come first. Two queries for a whole chunk of readers: the new requests, and the
categories the readers offer."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from exchanges.aid.models import Category, CoupDeMain
from messaging.digests.sections import Item, Reader, Section, register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def new_requests(readers: list[Reader]) -> dict[int, list[Item]]:
    if not readers:
        return {}
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    requests = list(
        CoupDeMain.objects.filter(
            quartier_id__in=quartier_ids,
            kind=CoupDeMain.Kind.REQUEST,
            status=CoupDeMain.Status.OPEN,
            created_at__gte=min(reader.since for reader in readers),
            created_at__lt=max(reader.until for reader in readers),
            # Only those still in the feed: one a coordinator hid is not mailed either.
            feed_entries__is_visible=True,
        ).order_by("-created_at", "-id")
    )
    offered: dict[int, set[str]] = defaultdict(set)
    for author_id, quartier_id, category in CoupDeMain.objects.filter(
        author_id__in=[reader.user.pk for reader in readers],
        kind=CoupDeMain.Kind.OFFER,
        status=CoupDeMain.Status.OPEN,
    ).values_list("author_id", "quartier_id", "category"):
        offered[author_id].add(f"{quartier_id}:{category}")
    return {reader.user.pk: _for(reader, requests, offered[reader.user.pk]) for reader in readers}


def _for(reader: Reader, requests: list[CoupDeMain], offered: set[str]) -> list[Item]:
    matching: list[Item] = []
    rest: list[Item] = []
    for coup in requests:  # newest first
        if (
            coup.quartier_id not in reader.quartier_ids
            or coup.author_id == reader.user.pk
            or not reader.is_new(coup.created_at)
        ):
            continue
        if f"{coup.quartier_id}:{coup.category}" in offered:
            matching.append(_item(coup, _("You offer a hand in this category")))
        else:
            # Lazy: said in the reader's language when the mail is written.
            rest.append(_item(coup, Category(coup.category).label))
    return matching + rest


def _item(coup: CoupDeMain, note: StrOrPromise) -> Item:
    return Item(coup.title, coup.get_absolute_url(), coup.quartier_id, note, coup.starts_at)


def register_sections() -> None:
    register(Section("help", _("Hands wanted"), 32, new_requests))
