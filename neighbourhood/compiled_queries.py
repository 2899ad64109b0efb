"""Queries the ORM compiles once per process and that then run with one value bound, for the
few reads so frequent that Django's building and compiling of a queryset, done anew at every
call, is most of what they cost: a socket's handshake ran two querysets for 1.7 ms of CPU, and
runs them compiled once for 0.3 ms (docs/realtime.md, "What a socket costs").

The queryset is written with the ORM as any other, for a marker value; its SQL and parameters
are kept, and each call runs them with the marker's place(s) taken by the value asked for. The
SQL is the database's own (the ORM compiled it for the configured engine), so PostgreSQL and
SQLite run the same code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class CompiledQuery(Generic[M]):
    """``build(value)``'s SQL, compiled once; ``marker`` is a value no other parameter of the
    query can take, passed to ``build`` to find where the value goes."""

    def __init__(self, build: Callable[[Any], QuerySet[M, Any]], *, marker: Any) -> None:
        self.build = build
        self.marker = marker

    @functools.cached_property
    def _compiled(self) -> tuple[type[M], str, tuple[Any, ...], list[int]]:
        queryset = self.build(self.marker)
        sql, params = queryset.query.sql_with_params()
        places = [index for index, param in enumerate(params) if param == self.marker]
        if not places:
            raise ImproperlyConfigured(f"{self.build!r} does not use the value it is given")
        return queryset.model, sql, tuple(params), places

    def _bound(self, value: Any) -> tuple[str, list[Any]]:
        _model, sql, params, places = self._compiled
        bound = list(params)
        for index in places:
            bound[index] = value
        return sql, bound

    def rows(self, value: Any) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` query, as the database gives them."""
        with connection.cursor() as cursor:
            cursor.execute(*self._bound(value))
            return cursor.fetchall()

    def instances(self, value: Any) -> list[M]:
        """The model instances of a query that selects a model's rows."""
        model = self._compiled[0]
        sql, params = self._bound(value)
        return list(model._default_manager.raw(sql, params))
