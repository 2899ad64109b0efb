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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import DEFERRED, Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable

M = TypeVar("M", bound=Model)


class InstanceMaker(Generic[M]):
    """Makes instances of ``model`` from rows holding the values of ``fields`` (attnames, in the
    model's order), as ``Model.from_db`` does: the same attributes, the same state, the
    deferred fields left out.

    An instance gets its values straight into its ``__dict__``, as ``Model.__init__`` would
    set them (for a model's concrete fields, through descriptors that only store the value on
    a new instance): about a quarter of its time, for the thousands of rows a report reads.
    A model that defines its own ``__init__``, or whose instances something listens to
    (``pre_init`` or ``post_init``: an image's dimensions, for one), is made by calling the
    model, so that its code runs and its listeners still hear."""

    def __init__(self, model: type[M], fields: list[str]) -> None:
        self.model = model
        concrete = [field.attname for field in model._meta.concrete_fields]
        self.places = [concrete.index(name) for name in fields]
        if self.places != sorted(self.places):
            raise ImproperlyConfigured(f"{fields} are not in the order of {model.__name__}'s")
        self.fields = list(fields)
        self.template = [DEFERRED] * len(concrete)

    @functools.cached_property
    def _initialised_by_the_model(self) -> bool:
        """Read at the first instance, once every app has connected its receivers."""
        return (
            self.model.__init__ is not Model.__init__
            or signals.pre_init.has_listeners(self.model)
            or signals.post_init.has_listeners(self.model)
        )

    def __call__(self, values: Sequence[Any]) -> M:
        if self._initialised_by_the_model:
            return self._initialised(values)
        instance = self.model.__new__(self.model)
        attributes = instance.__dict__
        attributes.update(zip(self.fields, values, strict=True))
        attributes["_state"] = state = ModelState()
        state.adding = False
        state.db = DEFAULT_DB_ALIAS
        return instance

    def _initialised(self, values: Sequence[Any]) -> M:
        if len(values) == len(self.template):
            instance = self.model(*values)
        else:
            full = self.template.copy()
            for place, value in zip(self.places, values, strict=True):
                full[place] = value
            instance = self.model(*full)
        instance._state.adding = False
        instance._state.db = DEFAULT_DB_ALIAS
        return instance


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # (the parameter's place, the marker's number) for every place a marker takes
    places: list[tuple[int, int]]
    # The selected columns, in order: the model's fields (their attnames), then the annotations.
    fields: list[str]
    annotations: list[str]
    # Django's conversions of a column's value from the database (SQLite's moments, for one):
    # (the column's place, its converters, its expression).
    converters: list[tuple[int, list[Any], Any]]
    make: InstanceMaker[Any]


class CompiledQuery(Generic[M]):
    """``build(*markers)``'s SQL, compiled once; each marker is a value no other parameter of
    the query can take, passed to ``build`` to find where the value asked for in its place goes.
    A call gives one value for each marker, in the same order."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], *, markers: tuple[Any, ...]) -> None:
        self.build = build
        self.markers = markers

    @functools.cached_property
    def _compiled(self) -> _Compiled:
        queryset = self.build(*self.markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        places = [
            (index, number)
            for index, param in enumerate(params)
            for number, marker in enumerate(self.markers)
            if param == marker
        ]
        for number, marker in enumerate(self.markers):
            if all(taken != number for _index, taken in places):
                raise ImproperlyConfigured(f"{self.build!r} does not use the value {marker!r}")
        select = compiler.select
        # A query of rows of values (``values_list``) makes no instances.
        of_models = issubclass(queryset._iterable_class, ModelIterable)
        klass_info = (compiler.klass_info if of_models else None) or {"select_fields": []}
        if klass_info.get("related_klass_infos"):
            raise ImproperlyConfigured(f"{self.build!r}: select_related is not compiled here")
        fields = [select[index][0].target.attname for index in klass_info["select_fields"]]
        annotations = sorted(compiler.annotation_col_map or {}, key=compiler.annotation_col_map.get)
        converters = [
            (place, convs, expression)
            for place, (convs, expression) in compiler.get_converters(
                [column[0] for column in select]
            ).items()
        ]
        return _Compiled(
            sql,
            tuple(params),
            places,
            fields,
            annotations,
            converters,
            InstanceMaker(queryset.model, fields),
        )

    def _bound(self, values: tuple[Any, ...]) -> tuple[str, list[Any]]:
        compiled = self._compiled
        if len(values) != len(self.markers):
            raise TypeError(f"{len(self.markers)} values expected, not {len(values)}")
        bound = list(compiled.params)
        for index, number in compiled.places:
            bound[index] = values[number]
        return compiled.sql, bound

    def rows(self, *values: Any) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` query, their values converted as the ORM converts them
        (SQLite's moments, for one)."""
        with connection.cursor() as cursor:
            cursor.execute(*self._bound(values))
            rows = cursor.fetchall()
        converters = self._compiled.converters
        return [converted(row, converters) for row in rows] if converters else rows

    def instances(self, *values: Any) -> list[M]:
        """The model instances of a query that selects a model's rows (with its annotations,
        set as attributes), made as the ORM makes them (``Model.from_db``)."""
        compiled = self._compiled
        annotations, make = compiled.annotations, compiled.make
        width = len(compiled.fields)
        found = []
        for row in self.rows(*values):
            instance = make(row[:width])
            for name, value in zip(annotations, row[width:], strict=True):
                setattr(instance, name, value)
            found.append(instance)
        return found


def converted(row: Sequence[Any], converters: list[tuple[int, list[Any], Any]]) -> tuple[Any, ...]:
    """``row`` with Django's conversions of its values from the database applied, each given
    as (the column's place, its converters, its expression)."""
    values = list(row)
    for place, convs, expression in converters:
        value = values[place]
        for converter in convs:
            value = converter(value, expression, connection)
        values[place] = value
    return tuple(values)
