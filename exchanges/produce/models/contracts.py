"""Seasonal contracts, the way most AMAPs work: for a season, a member commits to take a basket
from a farm at every distribution and pays in advance, often in several cheques cashed month
by month (see docs/amap-contracts.md).

A contract's dates are distributions: each date that is not off points at the quartier's order
cycle of that day, so the baskets and the variable products meet on one pick-up list and the
volunteer roles are those of the cycle. Money is in integer cents everywhere. The farm's
capacity is kept by a check constraint on `shares_taken`, moved by guarded updates only.
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

from exchanges.produce.models.cycles import OrderCycle, Payment, Producer
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.places.models import Place, Weekday
from neighbourhood.quartiers.models import Quartier


class DistributionDay(models.Model):
    """One of the quartier's usual distributions ("every Thursday, 18:00–19:30, at the
    Maison des associations"), from which a contract's dates are made."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="distribution_days"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place = models.CharField(_("place of the distribution"), max_length=200)
    venue = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="distribution_days",
        verbose_name=_("venue"),
    )

    class Meta:
        verbose_name = _("distribution day")
        verbose_name_plural = _("distribution days")
        ordering = ["quartier", "weekday", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "weekday"], name="one_distribution_a_day"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="distribution_day_weekday"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="distribution_day_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Contract(models.Model):
    """What a farm commits to for a season, and on what terms members sign. Signing follows
    its window; its dates are fixed once someone has subscribed."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="contracts")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("what a share holds"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    starts_on = models.DateField(_("season starts"))
    ends_on = models.DateField(_("season ends"))
    signing_opens_at = models.DateTimeField(_("signing opens"))
    signing_closes_at = models.DateTimeField(_("signing closes"))
    capacity = models.PositiveIntegerField(
        _("shares the farm can serve"), validators=[MinValueValidator(1)]
    )
    # Moved only by guarded updates (services.contracts); never above the capacity.
    shares_taken = models.PositiveIntegerField(_("shares taken"), default=0, editable=False)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("referent"),
    )
    terms = models.TextField(
        _("terms (the AMAP charter)"), max_length=20000, validators=[MaxLengthValidator(20000)]
    )
    jokers = models.PositiveSmallIntegerField(
        _("absences allowed after the deadline (jokers)"), default=0
    )
    absence_deadline_hours = models.PositiveSmallIntegerField(
        _("absences are marked at least this many hours before"), default=48
    )
    signing_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved on by every write its papers read (services.report_state): the payment schedule
    # and the treasurer's months stored for it are built again when next asked for.
    papers_state = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shares_taken__lte=F("capacity")), name="contract_never_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_season_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signing_closes_at__gt=F("signing_opens_at")),
                name="contract_signing_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("produce:contract", kwargs={"contract_id": self.pk})

    def signing_is_open_at(self, moment: datetime.datetime) -> bool:
        return self.signing_opens_at <= moment < self.signing_closes_at

    @property
    def signing_is_open(self) -> bool:
        return self.signing_is_open_at(timezone.now())

    @property
    def shares_left(self) -> int:
        return self.capacity - self.shares_taken


class ContractDate(models.Model):
    """A distribution of the contract. A date off gives no basket and has no cycle; any
    other date is the quartier's order cycle of that day."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("date"))
    cycle = models.ForeignKey(
        OrderCycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_dates",
        verbose_name=_("distribution"),
    )
    off = models.BooleanField(_("no distribution (date off)"), default=False)

    class Meta:
        verbose_name = _("contract date")
        verbose_name_plural = _("contract dates")
        ordering = ["contract", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "date"], name="one_contract_date_a_day"),
            models.CheckConstraint(
                condition=Q(off=True) | Q(cycle__isnull=False), name="contract_date_has_a_cycle"
            ),
        ]
        indexes = [models.Index(fields=["cycle"], name="contract_date_by_cycle")]

    def __str__(self) -> str:
        return f"{self.contract} · {self.date:%d/%m/%Y}"


class ShareSize(models.Model):
    """What a share holds and costs per distribution: a small or a large basket; a half
    share (`every` = 2) takes a basket every other date."""

    class Every(models.IntegerChoices):
        EVERY_DATE = 1, _("at every distribution")
        EVERY_OTHER_DATE = 2, _("every other distribution (half share)")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sizes")
    name = models.CharField(_("share"), max_length=60)
    price_cents = models.PositiveIntegerField(_("price per distribution (cents)"))
    every = models.PositiveSmallIntegerField(
        _("taken"), choices=Every.choices, default=Every.EVERY_DATE
    )

    class Meta:
        verbose_name = _("share size")
        verbose_name_plural = _("share sizes")
        ordering = ["contract", "price_cents", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="one_share_size_name"),
            models.CheckConstraint(condition=Q(every__in=[1, 2]), name="share_size_every"),
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A member's commitment to a contract. Active ones hold `shares` of the capacity; when
    the contract is full the subscription waits, in `waiting_rank` order, for a freed share."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("On the waiting list")
        ACTIVE = "active", _("Subscribed")
        ENDED = "ended", _("Ended")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="subscriptions")
    # An account closed ends its live subscriptions first (services.subscriptions); the ended
    # ones stay for the farm's and the treasurer's records, as a "former member".
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="contract_subscriptions",
    )
    size = models.ForeignKey(ShareSize, on_delete=models.PROTECT, related_name="subscriptions")
    shares = models.PositiveSmallIntegerField(_("shares"), default=1)
    starts_on = models.DateField(_("first basket on or after"))
    # Computed once (services.money.subscription_total) and kept: what the instalments add up to.
    total_cents = models.PositiveIntegerField(_("total (cents)"))
    status = models.CharField(
        _("state"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    waiting_rank = models.PositiveIntegerField(null=True, blank=True, editable=False)
    accepted_terms_at = models.DateTimeField(_("terms accepted"))
    # Who entered it, when not the member: a relais, or a coordinator (paper, an import).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["contract", "member__display_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "member"],
                condition=Q(status__in=["waiting", "active"]),
                name="one_live_subscription",
            ),
            models.CheckConstraint(condition=Q(shares__gte=1), name="subscription_has_a_share"),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_rank__isnull=False)
                | (~Q(status="waiting") & Q(waiting_rank__isnull=True)),
                name="subscription_waits_with_a_rank",
            ),
        ]
        indexes = [
            models.Index(
                fields=["contract", "waiting_rank"],
                condition=Q(status="waiting"),
                name="subscription_waiting_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_name} · {self.contract}"

    def get_absolute_url(self) -> str:
        return reverse("produce:subscription", kwargs={"subscription_id": self.pk})

    @property
    def subscriber(self) -> User:
        """The member of a live subscription (only an ended one loses it, its account closed)."""
        if self.member is None:
            raise Subscription.DoesNotExist("This subscription's member closed their account.")
        return self.member

    @property
    def member_name(self) -> str:
        """The member's name as shown, or "Former member" once their account is closed."""
        return self.member.public_name if self.member is not None else str(_("Former member"))


class InstalmentState(models.TextChoices):
    TO_RECEIVE = "to_receive", _("To receive")
    RECEIVED = "received", _("Received")
    HANDED = "handed", _("Handed to the producer")
    CASHED = "cashed", _("Cashed")


class HandedPayment(models.Model):
    """Money handed to a coordinator, as AMAPs keep it: how much, how (a cheque's number and
    bank), and where it stands (to receive, received, handed to the producer, cashed)."""

    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    method = models.CharField(_("paid by"), max_length=8, choices=Payment.Method.choices)
    cheque_number = models.CharField(_("cheque number"), max_length=30, blank=True)
    bank = models.CharField(_("bank"), max_length=60, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InstalmentState.choices,
        default=InstalmentState.TO_RECEIVE,
    )

    class Meta:
        abstract = True


class Instalment(HandedPayment):
    """One payment of a subscription's plan, cashed in `due_month` (its first day). The
    instalments of a subscription add up to its total exactly (services.money)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="instalments"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    due_month = models.DateField(_("cashed in"))
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["subscription", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "position"], name="one_instalment_a_position"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gte=1), name="instalment_pays"),
            models.CheckConstraint(condition=Q(due_month__day=1), name="instalment_due_a_month"),
        ]
        indexes = [models.Index(fields=["due_month", "state"], name="instalment_by_month")]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.position}"


class Absence(models.Model):
    """A date a member will be away: their basket goes to a named neighbour, is offered to
    the quartier (the first who asks takes it), or is given to a partner association."""

    class Fate(models.TextChoices):
        NEIGHBOUR = "neighbour", _("Given to a neighbour")
        OFFERED = "offered", _("Offered to the quartier")
        ASSOCIATION = "association", _("Given to a partner association")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="absences"
    )
    date = models.ForeignKey(ContractDate, on_delete=models.CASCADE, related_name="absences")
    fate = models.CharField(_("the basket"), max_length=11, choices=Fate.choices)
    # The neighbour named, or whoever took the basket offered.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baskets_taken",
        verbose_name=_("taken by"),
    )
    association = models.CharField(_("association"), max_length=120, blank=True)
    # Marked after the deadline: it spent one of the contract's jokers.
    joker = models.BooleanField(_("joker"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["date__date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "date"], name="one_absence_a_date"),
            models.CheckConstraint(
                condition=~Q(fate="neighbour") | Q(taken_by__isnull=False),
                name="absence_neighbour_named",
            ),
            models.CheckConstraint(
                condition=~Q(fate="association") | ~Q(association=""),
                name="absence_association_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.date.date:%d/%m/%Y}"
