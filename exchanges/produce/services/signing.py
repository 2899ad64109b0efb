"""A contract's signing, on the clock: when its window opens, the quartier's members are told
once and the feed shows it until signing closes. The claim is a conditional update on
`signing_announced_at`, so a duplicated tick or a retried task tells nobody twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from exchanges.produce import kinds
from exchanges.produce.models import Contract
from messaging import services as messaging
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.quartiers.selectors import member_users


def contracts_due_for_signing(*, now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Contract.objects.filter(
            signing_announced_at__isnull=True,
            signing_opens_at__lte=now,
            signing_closes_at__gt=now,
        ).values_list("pk", flat=True)
    )


def contract_announce_signing(*, contract_id: int) -> bool:
    """Members are told signing is open, and the feed says so, once."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Contract.objects.filter(
            pk=contract_id,
            signing_announced_at__isnull=True,
            signing_opens_at__lte=now,
            signing_closes_at__gt=now,
        ).update(signing_announced_at=now)
        if not claimed:
            return False
        contract = Contract.objects.select_related("producer__quartier").get(pk=contract_id)
        sync_contract_feed(contract)
        messaging.notifications_create(
            users=member_users(quartier_id=contract.producer.quartier_id),
            kind=kinds.CONTRACT_SIGNING_OPEN,
            actor=None,
            title=contract.title,
            url=contract.get_absolute_url(),
        )
    return True


def sync_contract_feed(contract: Contract) -> None:
    """In the feed while signing is open, once announced; its title says until when."""
    quartier = contract.producer.quartier
    author = contract.created_by or quartier.created_by
    if author is None:  # both accounts erased: the contract goes on, out of the feed
        return
    now = timezone.now()
    closes = timezone.localtime(contract.signing_closes_at, timezone.get_default_timezone())
    feed_entry_sync(
        item=contract,
        kind=kinds.FEED_CONTRACT,
        quartier=quartier,
        author=author,
        title=f"{contract.title} · → {closes:%d/%m %H:%M}",
        summary=contract.producer.farm_name,
        item_url=contract.get_absolute_url(),
        is_published=contract.signing_announced_at is not None and contract.signing_is_open_at(now),
        expires_at=contract.signing_closes_at,
    )
