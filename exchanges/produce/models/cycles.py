"""Order cycles of farm produce, as an AMAP orders it: producers and their products, order cycles
for a distribution, members' orders, payments kept by hand, and the volunteers of each
distribution.

Stock is counted on the cycle's offer (`CycleProduct.quantity_ordered`) under a check
constraint, so a product is never oversold; prices are copied onto each order line.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging.models import Conversation
from neighbourhood.feed.models import FeedEntry
from neighbourhood.places.models import Place
from neighbourhood.quartiers.models import Quartier


def site_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """That day at that hour in the site's timezone, where distributions' hours are read."""
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


class Producer(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="producers")
    farm_name = models.CharField(_("farm"), max_length=120)
    name = models.CharField(_("producer's name"), max_length=120)
    description = models.TextField(
        _("description"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # A producer with an account manages their own products.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="farms",
        verbose_name=_("account"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["farm_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "farm_name"], name="one_farm_name"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="producer_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.farm_name

    def get_absolute_url(self) -> str:
        return reverse("produce:producer", kwargs={"producer_id": self.pk})


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    G = "g", _("g")
    L = "l", _("litre")
    PIECE = "piece", _("piece")
    BUNCH = "bunch", _("bunch")
    BOX = "box", _("box")
    BASKET = "basket", _("basket")


class Product(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices, default=Unit.PIECE)
    # What one unit holds, in words: "box of 6 eggs", "about 1.5 kg".
    per_unit = models.CharField(_("quantity per unit"), max_length=100, blank=True)
    price_cents = models.PositiveIntegerField(_("price (cents)"))
    # Weighed at the distribution: the price is per kg and the final amount is set then.
    is_weighed = models.BooleanField(_("weighed at the distribution"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["producer", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "name", "unit"], name="one_product_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.per_unit or self.get_unit_display()})"


class OrderCycle(models.Model):
    """A round of orders for one distribution. Its state follows the clock: upcoming, open,
    closed (at `closes_at`, or earlier by a coordinator), distributed (after the distribution
    ends)."""

    class Repeat(models.TextChoices):
        NONE = "none", _("Once")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DISTRIBUTED = "distributed", _("Distributed")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="order_cycles")
    title = models.CharField(_("title"), max_length=120)
    distribution_date = models.DateField(_("distribution day"))
    distribution_start = models.TimeField(_("from"))
    distribution_end = models.TimeField(_("to"))
    place = models.CharField(_("place of the distribution"), max_length=200)
    # The quartier's place the words name, when they name one (its page, hours and map); the
    # words stay what is printed.
    venue = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="distributions",
        verbose_name=_("venue"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    opens_at = models.DateTimeField(_("orders open"))
    closes_at = models.DateTimeField(_("orders close"))
    closed_early_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    repeat = models.CharField(
        _("repeats"), max_length=11, choices=Repeat.choices, default=Repeat.NONE
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # What the background tasks have done, so that each is done once.
    opening_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    close_processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped by every write the report files read, but members' orders (services.report_state):
    # a file stored for an older state is built again.
    reports_state = models.PositiveBigIntegerField(default=0, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)

    class Meta:
        verbose_name = _("order cycle")
        verbose_name_plural = _("order cycles")
        ordering = ["-distribution_date", "-id"]
        indexes = [
            models.Index(fields=["quartier", "distribution_date"], name="cycle_by_distribution"),
            models.Index(
                fields=["closes_at"],
                condition=Q(close_processed_at__isnull=True),
                name="cycle_to_close",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="cycle_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(distribution_end__gt=F("distribution_start")),
                name="distribution_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("produce:cycle", kwargs={"cycle_id": self.pk})

    @property
    def distribution_starts_at(self) -> datetime.datetime:
        return site_moment(self.distribution_date, self.distribution_start)

    @property
    def distribution_ends_at(self) -> datetime.datetime:
        return site_moment(self.distribution_date, self.distribution_end)

    @property
    def order_deadline(self) -> datetime.datetime:
        """When orders stop: the planned close, or the coordinator's earlier one."""
        if self.closed_early_at is not None:
            return min(self.closed_early_at, self.closes_at)
        return self.closes_at

    def state_at(self, moment: datetime.datetime) -> str:
        if moment >= self.distribution_ends_at:
            return self.State.DISTRIBUTED
        if moment >= self.order_deadline:
            return self.State.CLOSED
        if moment >= self.opens_at:
            return self.State.OPEN
        return self.State.UPCOMING

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class CycleProduct(models.Model):
    """A product offered in a cycle, with what is left of it."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="offers")
    quantity_available = models.PositiveIntegerField(_("quantity available"), null=True, blank=True)
    max_per_member = models.PositiveIntegerField(
        _("at most per member"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    quantity_ordered = models.PositiveIntegerField(_("quantity ordered"), default=0)

    class Meta:
        verbose_name = _("product offered")
        verbose_name_plural = _("products offered")
        ordering = ["product__producer__farm_name", "product__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "product"], name="one_offer_a_product"),
            models.CheckConstraint(
                condition=Q(quantity_available__isnull=True)
                | Q(quantity_ordered__lte=F("quantity_available")),
                name="never_oversold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.cycle}"

    @property
    def is_available(self) -> bool:
        """Its product and its producer are still active: it may be ordered, stock permitting."""
        return self.product.is_active and self.product.producer.is_active

    @property
    def quantity_left(self) -> int | None:
        if self.quantity_available is None:
            return None
        return self.quantity_available - self.quantity_ordered


class Order(models.Model):
    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="orders")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="produce_orders"
    )
    created_at = models.DateTimeField(_("ordered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    picked_up_at = models.DateTimeField(_("picked up"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["cycle", "member__display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="one_order_a_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("produce:cycle", kwargs={"cycle_id": self.cycle_id})


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey(CycleProduct, on_delete=models.PROTECT, related_name="lines")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    # The price when it was ordered: changing a product's price never changes past orders.
    unit_price_cents = models.PositiveIntegerField(_("unit price (cents)"))
    # For a weighed product, set at the distribution.
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "offer", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "offer"], name="one_line_a_product"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_has_a_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.offer.product}"

    @property
    def amount_cents(self) -> int | None:
        """What the line costs: for a weighed product, once weighed (price per kg)."""
        if self.offer.product.is_weighed:
            if self.weight_grams is None:
                return None
            return round(self.unit_price_cents * self.weight_grams / 1000)
        return self.unit_price_cents * self.quantity


class Payment(models.Model):
    """How a member pays one producer for one order, kept by hand as AMAPs do: one cheque a
    producer, or cash, a transfer, local currency."""

    class Method(models.TextChoices):
        CHEQUE = "cheque", _("Cheque")
        CASH = "cash", _("Cash")
        TRANSFER = "transfer", _("Bank transfer")
        LOCAL_CURRENCY = "local", _("Local currency")

    class Status(models.TextChoices):
        TO_PAY = "to_pay", _("To pay")
        RECEIVED = "received", _("Received")
        HANDED = "handed", _("Handed to the producer")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(_("paid by"), max_length=8, choices=Method.choices)
    cheque_number = models.CharField(_("cheque number"), max_length=30, blank=True)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    status = models.CharField(
        _("state"), max_length=8, choices=Status.choices, default=Status.TO_PAY
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["order", "producer", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "producer"], name="one_payment_a_producer"),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.producer}"


class VolunteerRole(models.Model):
    """A job at a distribution ("responsable de distribution") and how many people it needs."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(_("role"), max_length=100)
    places = models.PositiveSmallIntegerField(
        _("people needed"), default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["cycle", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="one_role_name"),
            models.CheckConstraint(condition=Q(places__gte=1), name="role_needs_someone"),
        ]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="volunteers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteering"
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "member"], name="one_signup_a_role"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.role}"
