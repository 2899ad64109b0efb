"""What one chunk of residents finds in their digests: readers and sections (the mails are
`messaging.digests.mails`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from messaging.digests.sections import MAX_ITEMS, Item, Reader, Section, registered
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier


@dataclass
class Part:
    """One section's items in one quartier (or, for ``quartier`` None, about no quartier)."""

    section: Section
    items: list[Item]
    more: int = 0


@dataclass
class Block:
    quartier: Quartier | None
    parts: list[Part] = field(default_factory=list)


@dataclass
class Contents:
    reader: Reader
    blocks: list[Block]
    news: int  # items of news sections: none means no mail

    @property
    def quartier_names(self) -> str:
        return ", ".join(block.quartier.name for block in self.blocks if block.quartier)

    @property
    def items(self) -> int:
        return sum(len(part.items) + part.more for block in self.blocks for part in block.parts)


def readers_for(
    users: list[User], *, since: dict[int, datetime.datetime], until: datetime.datetime
) -> list[Reader]:
    """One query: the active memberships of all ``users``."""
    quartiers: dict[int, set[int]] = defaultdict(set)
    coordinates: dict[int, set[int]] = defaultdict(set)
    memberships = Membership.objects.filter(
        user__in=users, status=Membership.Status.ACTIVE
    ).values_list("user_id", "quartier_id", "role")
    for user_id, quartier_id, role in memberships:
        quartiers[user_id].add(quartier_id)
        if role == Membership.Role.COORDINATOR:
            coordinates[user_id].add(quartier_id)
    return [
        Reader(
            user=user,
            since=since[user.pk],
            until=until,
            quartier_ids=frozenset(quartiers[user.pk]),
            coordinates=frozenset(coordinates[user.pk]),
        )
        for user in users
    ]


def contents_for(readers: list[Reader]) -> dict[int, Contents]:
    """Every section asked once for the whole chunk, then one query for the quartiers' names."""
    found: dict[int, dict[str, list[Item]]] = defaultdict(dict)
    sections = registered()
    for section in sections:
        for user_id, items in section.collect(readers).items():
            if items:
                found[user_id][section.key] = items
    quartier_ids = {quartier for reader in readers for quartier in reader.quartier_ids}
    quartiers = Quartier.objects.in_bulk(quartier_ids) if found else {}
    return {
        reader.user.pk: _arrange(reader, sections, found[reader.user.pk], quartiers)
        for reader in readers
    }


def _arrange(
    reader: Reader,
    sections: list[Section],
    found: dict[str, list[Item]],
    quartiers: dict[int, Quartier],
) -> Contents:
    """Quartier by quartier (by name), then what concerns no quartier; sections in order."""
    blocks: dict[int | None, Block] = {}
    news = 0
    for section in sections:
        by_quartier: dict[int | None, list[Item]] = defaultdict(list)
        for item in found.get(section.key, []):
            if item.quartier_id is None or item.quartier_id in reader.quartier_ids:
                by_quartier[item.quartier_id].append(item)
        for quartier_id, items in by_quartier.items():
            if section.news:
                news += len(items)
            quartier = quartiers.get(quartier_id) if quartier_id is not None else None
            block = blocks.setdefault(quartier_id, Block(quartier))
            block.parts.append(Part(section, items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS)))
    ordered = sorted(
        blocks.values(),
        key=lambda block: (block.quartier is None, block.quartier.name if block.quartier else ""),
    )
    return Contents(reader, ordered, news)
