"""The AMAP's yearly membership (adhésion): the fee a quartier sets for a year, and each
member's payment of it, recorded by a coordinator as it is handed over."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.produce.models.contracts import HandedPayment
from neighbourhood.quartiers.models import Quartier


class MembershipFee(models.Model):
    """The AMAP's yearly membership (adhésion); when `required`, a member pays it before
    subscribing to any contract of that year."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="membership_fees")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    required = models.BooleanField(_("required before subscribing"), default=True)

    class Meta:
        verbose_name = _("membership fee")
        verbose_name_plural = _("membership fees")
        ordering = ["quartier", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "year"], name="one_fee_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.quartier} · {self.year}"


class FeePayment(HandedPayment):
    fee = models.ForeignKey(MembershipFee, on_delete=models.CASCADE, related_name="payments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fee_payments"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("membership payment")
        verbose_name_plural = _("membership payments")
        ordering = ["fee", "member__display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fee", "member"], name="one_fee_payment_a_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.fee}"
