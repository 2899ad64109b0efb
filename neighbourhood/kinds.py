"""Kinds that an upper app registers with a lower one.

A notification or a feed entry stores its kind as a plain string. The app that owns a kind
registers it, with its label and whatever the lower app needs to know of it, in its
`AppConfig.ready()`, the way digest sections are registered. The lower app reads the registry
wherever it used to list an enumeration (its forms, its pages, the API's enum), so adding a kind
touches neither its code nor its migrations. A row whose kind is no longer registered (its app was
removed) still shows, with a generic label.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kind:
    value: str
    label: StrOrPromise


K = TypeVar("K", bound=Kind)


class Kinds(Generic[K]):
    """The kinds registered so far, in the order they were registered (the apps' order)."""

    def __init__(self, *, name: str, max_length: int, unknown: StrOrPromise) -> None:
        self.name = name
        self.max_length = max_length
        self.unknown = unknown
        self._kinds: dict[str, K] = {}

    def register(self, *kinds: K) -> None:
        """Adds kinds (or replaces them, when an app is loaded twice in tests)."""
        for kind in kinds:
            if not 0 < len(kind.value) <= self.max_length:
                raise ImproperlyConfigured(
                    f"A {self.name} kind has 1 to {self.max_length} characters: {kind.value!r}."
                )
            self._kinds[kind.value] = kind

    def get(self, value: str) -> K | None:
        return self._kinds.get(value)

    def label(self, value: str) -> StrOrPromise:
        kind = self._kinds.get(value)
        return self.unknown if kind is None else kind.label

    def values(self) -> list[str]:
        return list(self._kinds)

    def choices(self) -> list[tuple[str, StrOrPromise]]:
        """For forms and serializers; drf-spectacular's ENUM_NAME_OVERRIDES calls it too."""
        return [(kind.value, kind.label) for kind in self._kinds.values()]

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._kinds.values()))

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, value: object) -> bool:
        return value in self._kinds

    def __deepcopy__(self, memo: dict[int, Any]) -> Kinds[K]:
        # DRF copies a field's arguments for every serializer it makes: there is one registry.
        return self


class KindField(serializers.ChoiceField):
    """A choice among the kinds registered when the serializer is made, not when its class was
    defined (at import, before any `ready()`): DRF builds a serializer's declared fields anew for
    each instance, calling this again, so the API accepts every registered kind and the OpenAPI
    document lists them all as an enum."""

    def __init__(self, kinds: Kinds[Any], **kwargs: Any) -> None:
        super().__init__(choices=kinds.choices(), **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "description": "One of the kinds registered today (see the enum of the same name in the "
        "inputs), or, on an older row, the value of a kind no part of the site registers any "
        "more: a client shows it as 'other'.",
    }
)
class StoredKindField(serializers.CharField):
    """A kind as a row stored it, in an answer. Not an enum: a row keeps its kind when the app
    that registered it is gone (`Kinds.label` words it as "Other" on the pages)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)
