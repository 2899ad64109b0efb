"""The cycle's report files, built off the request path: once per report state, by a Celery task
on the `reports` queue, kept in the private documents storage (`STORAGES["documents"]`), and
served from there while the state holds.

A file's key is made of the cycle, the report, the language and the cycle's *report state*
(`stamp`: one query, see `services.report_state`), "produce/reports/cycle-12/pickup-fr-<stamp>.pdf".
Any write the reports read gives the cycle a new stamp, so the next download asks for a file not
built yet: the request queues its build (once: a lock in the cache) and answers a page "being
prepared" (202, `Retry-After`); the build stores the file and removes the cycle's files of older
states. The build keeps its progress (rows done / rows) in the cache, read by that page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db.models import Count, Max
from django.utils import translation

from exchanges.consultations.storage import documents_storage
from exchanges.produce import reports
from exchanges.produce.exports.printed import report_pdf
from exchanges.produce.exports.spreadsheet import CSV_TYPE, report_csv
from exchanges.produce.models import OrderCycle
from exchanges.produce.progress import Progress

logger = logging.getLogger(__name__)

FORMATS = {"pdf": "application/pdf", "csv": CSV_TYPE}
FOLDER = "produce/reports"
# A build taking longer than this (a worker lost mid-build) is queued again by the next request.
LOCK_SECONDS = 300


def retry_seconds() -> int:
    """What the page "being prepared" asks the browser to wait before trying again."""
    return int(settings.PRODUCE_REPORT_RETRY_SECONDS)


def stamp(cycle_id: int) -> str:
    """The cycle's report state in one query: its counter, and the count and latest update of
    its orders (which members change without writing the cycle's row)."""
    state = (
        OrderCycle.objects.filter(pk=cycle_id)
        .annotate(orders_count=Count("orders"), ordered_at=Max("orders__updated_at"))
        .values_list("reports_state", "orders_count", "ordered_at")
        .get()
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ReportFile:
    """One file of a cycle's report, in one language, for one report state."""

    cycle_id: int
    report: str
    fmt: str
    language: str
    stamp: str

    @classmethod
    def current(cls, cycle: OrderCycle, report: str, fmt: str) -> ReportFile:
        """The file as the cycle now is, in the active language."""
        language = translation.get_language() or "fr"
        return cls(cycle.pk, report, fmt, language, stamp(cycle.pk))

    @property
    def folder(self) -> str:
        return f"{FOLDER}/cycle-{self.cycle_id}"

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.report}-{self.language}-{self.stamp}.{self.fmt}"

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
            build_report_file.delay(self.cycle_id, self.report, self.fmt, self.language)
        except Exception:  # the broker is down: the next request tries again
            cache.delete(self.lock_key)
            logger.exception("The build of %s could not be queued.", self.key)
            return False
        return True

    def release(self) -> None:
        cache.delete_many([self.lock_key, self.progress_key])


def build(cycle_id: int, report: str, fmt: str, language: str) -> ReportFile:
    """Builds and stores the file for the cycle's state now (read before the cycle's data: the
    file holds that state or a later one), unless it is already stored; removes the cycle's
    files of other states."""
    file = ReportFile(cycle_id, report, fmt, language, stamp(cycle_id))
    storage = _storage()
    try:
        if not storage.exists(file.key):
            progress = Progress(file.progress_key)
            with translation.override(language):
                cycle = OrderCycle.objects.select_related("quartier").get(pk=cycle_id)
                data = reports.load(cycle)
                builder = report_pdf if fmt == "pdf" else report_csv
                _store(storage, file.key, builder(report, data, progress))
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


def _remove_older(storage: Storage, file: ReportFile) -> None:
    """The cycle's files of any other state: no request asks for them any more."""
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
