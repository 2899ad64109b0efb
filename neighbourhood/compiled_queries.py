"""Queries the ORM compiles once per process and that then run with their values bound, for the
few reads so frequent that Django's building and compiling of a queryset, done anew at every
call, is most of what they cost: a socket's handshake ran two querysets for 1.7 ms of CPU, and
runs them compiled once for 0.3 ms (docs/realtime.md, "What a socket costs"); each request's
session (`neighbourhood.sessions`) and each message sent (`messaging.selectors.get_conversation`)
are read the same way.

The queryset is written with the ORM as any other, for marker values; its SQL and parameters
are kept, and each call runs them with each marker's place(s) taken by the value asked for. The
SQL is the database's own (the ORM compiled it for the configured engine), so PostgreSQL and
SQLite run the same code. (A feed page, whose filters change the query's very shape, is SQL
written once of its own: `neighbourhood.feed.page_query`.)"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class CompiledQuery(Generic[M]):
    """``build(*markers)``'s SQL, compiled once; each marker is a value no other parameter of
    the query can take, passed to ``build`` to find where the value asked for in its place goes.
    A call gives one value for each marker, in the same order."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], *, markers: tuple[Any, ...]) -> None:
        self.build = build
        self.markers = markers

    @functools.cached_property
    def _compiled(self) -> tuple[type[M], str, tuple[Any, ...], list[tuple[int, int]]]:
        queryset = self.build(*self.markers)
        sql, params = queryset.query.sql_with_params()
        # (the parameter's place, the marker's number) for every place a marker takes
        places = [
            (index, number)
            for index, param in enumerate(params)
            for number, marker in enumerate(self.markers)
            if param == marker
        ]
        for number, marker in enumerate(self.markers):
            if all(taken != number for _index, taken in places):
                raise ImproperlyConfigured(f"{self.build!r} does not use the value {marker!r}")
        return queryset.model, sql, tuple(params), places

    def _bound(self, values: tuple[Any, ...]) -> tuple[str, list[Any]]:
        _model, sql, params, places = self._compiled
        if len(values) != len(self.markers):
            raise TypeError(f"{len(self.markers)} values expected, not {len(values)}")
        bound = list(params)
        for index, number in places:
            bound[index] = values[number]
        return sql, bound

    def rows(self, *values: Any) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` query, as the database gives them."""
        with connection.cursor() as cursor:
            cursor.execute(*self._bound(values))
            return cursor.fetchall()

    def instances(self, *values: Any) -> list[M]:
        """The model instances of a query that selects a model's rows (with its annotations)."""
        model = self._compiled[0]
        sql, params = self._bound(values)
        return list(model._default_manager.raw(sql, params))
