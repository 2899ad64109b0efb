"""Celery beat runs `produce_tick` every minute: it announces the cycles that open, reminds
members 24 hours before a close, processes the cycles that close, and tells members when a
contract's signing opens. Each step claims its
cycle with a conditional update, so a duplicated tick or a retried task does nothing twice.

`build_report_file` builds a stored file (a cycle's report, a contract's payment schedule, a
treasurer's month) off the request path, on the `reports` queue."""

from __future__ import annotations

from celery import shared_task

from exchanges.produce.exports import stored
from exchanges.produce.services import clock, signing


@shared_task(acks_late=True)
def produce_tick() -> dict[str, int]:
    due = clock.cycles_due()
    for cycle_id in due["open"]:
        announce_opening.delay(cycle_id)
    for cycle_id in due["remind"]:
        remind_closing.delay(cycle_id)
    for cycle_id in due["close"]:
        process_close.delay(cycle_id)
    signing_open = signing.contracts_due_for_signing()
    for contract_id in signing_open:
        announce_signing.delay(contract_id)
    return {name: len(ids) for name, ids in due.items()} | {"signing": len(signing_open)}


@shared_task(acks_late=True)
def announce_opening(cycle_id: int) -> bool:
    return clock.cycle_announce_opening(cycle_id=cycle_id)


@shared_task(acks_late=True)
def remind_closing(cycle_id: int) -> bool:
    return clock.cycle_remind_closing(cycle_id=cycle_id)


@shared_task(acks_late=True)
def process_close(cycle_id: int) -> bool:
    return clock.cycle_process_close(cycle_id=cycle_id)


@shared_task(acks_late=True)
def announce_signing(contract_id: int) -> bool:
    return signing.contract_announce_signing(contract_id=contract_id)


@shared_task(acks_late=True)
def build_report_file(kind: str, owner_id: int, name: str, fmt: str, language: str) -> str:
    """A stored file (a cycle's report, a contract's schedule, a treasurer's month) for its
    owner's state now (`exports.stored`); routed to the `reports` queue
    (settings.CELERY_TASK_ROUTES), so that a long build never delays a mail."""
    return stored.build(kind, owner_id, name, fmt, language).key
