"""Django's sessions in the database, read by a query compiled once (`compiled_queries`):
every signed-in request and socket reads its session first, and Django built and compiled that
one-row read anew each time, for more CPU than the database's work on it. The same table, rows
and expiry as Django's own backend: only the read is compiled once. `SESSION_ENGINE` names it."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from neighbourhood.compiled_queries import CompiledQuery


def _by_key(key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=key)


# A session key is 32 letters and digits: the marker can be none of them.
_SESSION_BY_KEY = CompiledQuery(_by_key, markers=("<a session key>",))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        """The session, if its key is known and it has not expired (Django's condition,
        ``expire_date > now``, tested here rather than in the compiled query); else none, and
        the key is forgotten, as Django does."""
        found = _SESSION_BY_KEY.instances(self.session_key)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
