"""Producers and their products, managed by the coordinators (and a producer by themselves)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.produce.models import Producer, Product
from exchanges.produce.services import report_state
from exchanges.produce.services.access import require_coordinator, require_producer_manager
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

PRODUCER_FIELDS = [
    "farm_name",
    "name",
    "description",
    "email",
    "phone",
    "place",
    "latitude",
    "longitude",
    "account",
    "is_active",
]
PRODUCT_FIELDS = ["name", "unit", "per_unit", "price_cents", "is_weighed", "is_active"]
MAX_PRICE_CENTS = 1000_00


@transaction.atomic
def producer_create(*, quartier: Quartier, actor: User, **fields: Any) -> Producer:
    require_coordinator(user=actor, quartier=quartier)
    producer = Producer(quartier=quartier)
    _apply(producer, PRODUCER_FIELDS, fields)
    _check_producer(producer)
    producer.save()
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, actor: User, **fields: Any) -> Producer:
    require_coordinator(user=actor, quartier=producer.quartier)
    _apply(producer, PRODUCER_FIELDS, fields)
    _check_producer(producer)
    producer.save()
    report_state.producer_changed(producer.pk)
    return producer


@transaction.atomic
def product_create(*, producer: Producer, actor: User, **fields: Any) -> Product:
    require_producer_manager(producer, actor)
    product = Product(producer=producer)
    _apply(product, PRODUCT_FIELDS, fields)
    _check_product(product)
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, actor: User, **fields: Any) -> Product:
    """A new price applies to what is ordered from now on: order lines keep theirs."""
    require_producer_manager(product.producer, actor)
    _apply(product, PRODUCT_FIELDS, fields)
    _check_product(product)
    product.save()
    report_state.product_changed(product.pk)
    return product


def _apply(item: Producer | Product, names: list[str], fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(names)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)


def _check_producer(producer: Producer) -> None:
    errors: dict[str, list[str]] = {}
    if (producer.latitude is None) != (producer.longitude is None):
        errors["latitude"] = [_("Give both the latitude and the longitude, or neither.")]
    if producer.latitude is not None and not -90 <= producer.latitude <= 90:
        errors["latitude"] = [_("A latitude lies between -90 and 90.")]
    if producer.longitude is not None and not -180 <= producer.longitude <= 180:
        errors["longitude"] = [_("A longitude lies between -180 and 180.")]
    taken = Producer.objects.filter(
        quartier_id=producer.quartier_id, farm_name__iexact=producer.farm_name
    ).exclude(pk=producer.pk)
    if producer.farm_name and taken.exists():
        errors["farm_name"] = [_("This quartier already has a producer by that name.")]
    _full_clean(producer, errors, exclude=["quartier", "account"])


def _check_product(product: Product) -> None:
    errors: dict[str, list[str]] = {}
    if product.price_cents is not None and product.price_cents > MAX_PRICE_CENTS:
        errors["price_cents"] = [_("A price lies between 0 and 1,000 euros.")]
    taken = Product.objects.filter(
        producer_id=product.producer_id, name__iexact=product.name, unit=product.unit
    ).exclude(pk=product.pk)
    if product.name and taken.exists():
        errors["name"] = [_("This producer already sells a product by that name and unit.")]
    _full_clean(product, errors, exclude=["producer"])


def _full_clean(item: Producer | Product, errors: dict[str, list[str]], exclude: list[str]) -> None:
    try:
        item.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
