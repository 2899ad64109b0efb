"""The files that grow with a quartier, built off the request path: once per state, by a Celery
task on the `reports` queue, kept in the private documents storage (`STORAGES["documents"]`),
and served from there while the state holds. Three kinds (`KINDS`):

- a cycle's reports ("cycle"), in the language of whoever downloads them, under the cycle's
  *report state* (`services.report_state`): "produce/reports/cycle-12/pickup-fr-<stamp>.pdf";
- a contract's payment schedule ("contract"), in the quartier's language, under the contract's
  *papers state*: "produce/reports/contract-3/schedule-fr-<stamp>.pdf";
- the treasurer's month ("treasury"), in the quartier's language, under the papers states of
  the quartier's contracts: "produce/reports/treasury-2/2026-12-fr-<stamp>.csv".

Any write a file reads gives its owner a new stamp, so the next download asks for a file not
built yet: the request queues its build (once: a lock in the cache) and answers a page "being
prepared" (202, `Retry-After`); the build stores the file and removes the owner's files of
older states. The build keeps its progress (rows done / rows) in the cache, read by that page.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db.models import Count, Max
from django.utils import translation

from exchanges.consultations.storage import documents_storage
from exchanges.produce import reports, subscribers
from exchanges.produce.exports import contracts as papers
from exchanges.produce.exports.printed import report_pdf
from exchanges.produce.exports.spreadsheet import CSV_TYPE, report_csv
from exchanges.produce.models import Contract, OrderCycle
from exchanges.produce.progress import Progress
from neighbourhood.quartiers.models import Quartier

logger = logging.getLogger(__name__)

FORMATS = {"pdf": "application/pdf", "csv": CSV_TYPE}
FOLDER = "produce/reports"
# A build taking longer than this (a worker lost mid-build) is queued again by the next request.
LOCK_SECONDS = 300


def retry_seconds() -> int:
    """What the page "being prepared" asks the browser to wait before trying again."""
    return int(settings.PRODUCE_REPORT_RETRY_SECONDS)


def _hashed(state: object) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def cycle_stamp(cycle_id: int) -> str:
    """The cycle's report state in one query: its counter, and the count and latest update of
    its orders (which members change without writing the cycle's row)."""
    state = (
        OrderCycle.objects.filter(pk=cycle_id)
        .annotate(orders_count=Count("orders"), ordered_at=Max("orders__updated_at"))
        .values_list("reports_state", "orders_count", "ordered_at")
        .get()
    )
    return _hashed(state)


def _cycle_file(cycle_id: int, report: str, fmt: str, progress: Progress) -> bytes:
    cycle = OrderCycle.objects.select_related("quartier").get(pk=cycle_id)
    builder = report_pdf if fmt == "pdf" else report_csv
    return builder(report, reports.load(cycle), progress)


def contract_stamp(contract_id: int) -> str:
    return _hashed(Contract.objects.filter(pk=contract_id).values_list("papers_state").get())


def _contract_file(contract_id: int, name: str, fmt: str, progress: Progress) -> bytes:
    contract = Contract.objects.select_related("producer__quartier").get(pk=contract_id)
    return papers.schedule_pdf(contract, subscribers.subscriptions_of(contract), progress)


def treasury_stamp(quartier_id: int) -> str:
    """The quartier's name and the papers state of each of its contracts: two queries."""
    name = Quartier.objects.filter(pk=quartier_id).values_list("name").get()
    states = Contract.objects.filter(producer__quartier_id=quartier_id).order_by("pk")
    return _hashed((name, list(states.values_list("pk", "papers_state"))))


def _treasury_file(quartier_id: int, month: str, fmt: str, progress: Progress) -> bytes:
    quartier = Quartier.objects.get(pk=quartier_id)
    first = datetime.date.fromisoformat(f"{month}-01")
    rows = subscribers.treasury(quartier=quartier, month=first)
    if fmt == "csv":
        return papers.treasury_csv(quartier, rows)
    return papers.treasury_pdf(quartier, first, rows, progress)


@dataclass(frozen=True)
class Kind:
    """What a kind of file is stamped and built from: its owner's id (a cycle, a contract, a
    quartier), the file's name (a report, "schedule", a month) and format, its progress."""

    stamp: Callable[[int], str]
    build: Callable[[int, str, str, Progress], bytes]


KINDS = {
    "cycle": Kind(cycle_stamp, _cycle_file),
    "contract": Kind(contract_stamp, _contract_file),
    "treasury": Kind(treasury_stamp, _treasury_file),
}


@dataclass(frozen=True)
class StoredFile:
    """One file of a kind, for one owner, in one language, for one state of the owner."""

    kind: str
    owner_id: int
    name: str
    fmt: str
    language: str
    stamp: str

    @classmethod
    def current(cls, kind: str, owner_id: int, name: str, fmt: str, language: str) -> StoredFile:
        """The file as its owner now is."""
        return cls(kind, owner_id, name, fmt, language, KINDS[kind].stamp(owner_id))

    @property
    def folder(self) -> str:
        return f"{FOLDER}/{self.kind}-{self.owner_id}"

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.name}-{self.language}-{self.stamp}.{self.fmt}"

    @property
    def content_type(self) -> str:
        return FORMATS[self.fmt]

    @property
    def lock_key(self) -> str:
        return f"produce-report-build:{self.key}"

    @property
    def progress_key(self) -> str:
        return f"produce-report-progress:{self.key}"

    def is_built(self) -> bool:
        return _storage().exists(self.key)

    def open(self) -> IO[bytes] | None:
        """The stored file to stream, or None if it is not built (or was just removed by the
        build of a newer state)."""
        try:
            return _storage().open(self.key, "rb")
        except FileNotFoundError:
            return None

    def progress(self) -> Progress | None:
        """Rows done and rows of the build under way, if it has started."""
        return Progress.read(self.progress_key)

    def queue_build(self) -> bool:
        """Queues the build unless one is queued or under way; True if this call queued it."""
        from exchanges.produce.tasks import build_report_file

        if not cache.add(self.lock_key, True, LOCK_SECONDS):
            return False
        try:
            build_report_file.delay(self.kind, self.owner_id, self.name, self.fmt, self.language)
        except Exception:  # the broker is down: the next request tries again
            cache.delete(self.lock_key)
            logger.exception("The build of %s could not be queued.", self.key)
            return False
        return True

    def release(self) -> None:
        cache.delete_many([self.lock_key, self.progress_key])


def build(kind: str, owner_id: int, name: str, fmt: str, language: str) -> StoredFile:
    """Builds and stores the file for its owner's state now (read before the owner's data: the
    file holds that state or a later one), unless it is already stored; removes the owner's
    files of other states."""
    file = StoredFile.current(kind, owner_id, name, fmt, language)
    storage = _storage()
    try:
        if not storage.exists(file.key):
            progress = Progress(file.progress_key)
            with translation.override(language):
                content = KINDS[kind].build(owner_id, name, fmt, progress)
            _store(storage, file.key, content)
        _remove_older(storage, file)
    finally:
        file.release()
    return file


def _store(storage: Storage, key: str, content: bytes) -> None:
    """Whole or not at all: a reader never finds half a file under `key`. On the disk, written
    beside it then renamed; an object store (S3) shows an object once it is all uploaded."""
    try:
        final = storage.path(key)
    except NotImplementedError:
        storage.save(key, ContentFile(content))
        return
    os.makedirs(os.path.dirname(final), exist_ok=True)
    part = f"{final}.{uuid.uuid4().hex}.part"
    with open(part, "wb") as written:
        written.write(content)
    os.replace(part, final)


def _remove_older(storage: Storage, file: StoredFile) -> None:
    """The owner's files of any other state: no request asks for them any more."""
    try:
        _folders, names = storage.listdir(file.folder)
    except FileNotFoundError:
        return
    for name in names:
        stem = name.rsplit(".", 1)[0]
        if not stem.endswith(f"-{file.stamp}") and not name.endswith(".part"):
            storage.delete(f"{file.folder}/{name}")


def _storage() -> Storage:
    return documents_storage()
