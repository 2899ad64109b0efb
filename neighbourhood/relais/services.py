"""Every write of the relais: a neighbour's account, their consents, take-over codes.

What a relais does *for* a neighbour (a swap, a seat, an order, a message) goes through the
exchanges' own services, which log it with `neighbourhood.relais.acting.record`.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais import acting, selectors
from neighbourhood.relais.models import Consent, Neighbour, ProxyAction, TakeoverCode

Verb = ProxyAction.Verb
TAKEOVER_DAYS = 14
# No 0/O, 1/I/L: a code read out on the phone or copied from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _require_relais(*, user: User, quartier: Quartier) -> None:
    if not selectors.relais_quartiers(user=user).filter(pk=quartier.pk).exists():
        raise PermissionDenied(_("Only a relais of this quartier can do this."))


@transaction.atomic
def neighbour_create(
    *,
    relais: User,
    quartier: Quartier,
    display_name: str,
    phone: str = "",
    postal_contact: str = "",
    how: str,
    language: str = "fr",
) -> Consent:
    """Opens an account with no e-mail and no password for a neighbour who consented, makes
    them a member of the relais's quartier, and records the consent. Returns the consent."""
    _require_relais(user=relais, quartier=quartier)
    display_name, phone, postal_contact = (
        display_name.strip(),
        phone.strip(),
        postal_contact.strip(),
    )
    errors: dict[str, list[str]] = {}
    if not display_name:
        errors["display_name"] = [_("Write the name neighbours will see.")]
    if not phone and not postal_contact:
        errors["phone"] = [_("Give a phone number or a postal contact, so they can be reached.")]
    if not how.strip():
        errors["how"] = [_("Say how the neighbour gave their consent.")]
    if errors:
        raise ValidationError(errors)
    user = User(email=None, display_name=display_name, language=language)
    user.set_unusable_password()
    user.full_clean(exclude=["password", "email"])
    user.save()
    quartiers.membership_add_neighbour(quartier=quartier, user=user, actor=relais)
    card = Neighbour(
        user=user, quartier=quartier, opened_by=relais, phone=phone, postal_contact=postal_contact
    )
    card.full_clean()
    card.save()
    acting.log(
        relais=relais, neighbour=user, quartier=quartier, verb=Verb.ACCOUNT_OPENED, target=card
    )
    return consent_record(relais=relais, neighbour=user, quartier=quartier, how=how)


@transaction.atomic
def consent_record(*, relais: User, neighbour: User, quartier: Quartier, how: str) -> Consent:
    """Records that ``neighbour`` agrees that ``relais`` acts for them in ``quartier``."""
    _require_relais(user=relais, quartier=quartier)
    if neighbour.pk == relais.pk:
        raise ValidationError(_("You cannot act for yourself."))
    if not Membership.objects.filter(
        quartier=quartier, user=neighbour, status=Membership.Status.ACTIVE
    ).exists():
        raise ValidationError(_("This neighbour is not a member of the quartier."))
    if selectors.has_own_login(neighbour):
        raise ValidationError(
            _("They have their own login now: only they can let someone act on their account.")
        )
    if selectors.consent_between(relais=relais, neighbour=neighbour, quartier=quartier):
        raise ValidationError(_("This consent is already recorded."))
    # A consent left over from before the role was taken back counts no more: it ends here.
    Consent.objects.filter(
        relais=relais, neighbour=neighbour, quartier=quartier, ended_at__isnull=True
    ).update(ended_at=timezone.now(), ending=Consent.Ending.WITHDRAWN)
    consent = Consent(relais=relais, neighbour=neighbour, quartier=quartier, how=how.strip())
    consent.full_clean()
    consent.save()
    acting.log(
        relais=relais,
        neighbour=neighbour,
        quartier=quartier,
        verb=Verb.CONSENT_RECORDED,
        target=consent,
        summary=consent.how,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User) -> Consent:
    """Ends a consent: the neighbour, their relais or a coordinator of the quartier may."""
    allowed = (
        actor.pk in (consent.neighbour_id, consent.relais_id)
        or Membership.objects.filter(
            quartier_id=consent.quartier_id,
            user=actor,
            status=Membership.Status.ACTIVE,
            role=Membership.Role.COORDINATOR,
        ).exists()
    )
    if not allowed:
        raise PermissionDenied(_("You cannot change this consent."))
    if consent.ended_at is None:
        consent.ended_at = timezone.now()
        consent.ending = Consent.Ending.WITHDRAWN
        consent.save(update_fields=["ended_at", "ending"])
    return consent


def _hash_code(raw: str) -> str:
    normal = "".join(ch for ch in raw.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


@transaction.atomic
def takeover_code_create(*, neighbour: User, quartier: Quartier, actor: User) -> str:
    """A new one-time code for ``neighbour`` (the older ones stop working), valid for
    TAKEOVER_DAYS days; returns the raw code, which is never stored. The caller has checked,
    through `selectors.get_neighbour_for_helper`, that ``actor`` looks after them."""
    if selectors.has_own_login(neighbour):
        raise ValidationError(_("This account is already taken over."))
    now = timezone.now()
    TakeoverCode.objects.filter(neighbour=neighbour, used_at__isnull=True).update(expires_at=now)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    raw = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    TakeoverCode.objects.create(
        neighbour=neighbour,
        made_by=actor,
        code_hash=_hash_code(raw),
        expires_at=now + datetime.timedelta(days=TAKEOVER_DAYS),
    )
    acting.log(relais=actor, neighbour=neighbour, quartier=quartier, verb=Verb.TAKEOVER_CODE)
    return raw


def takeover_code_check(*, raw: str) -> TakeoverCode:
    code = (
        TakeoverCode.objects.select_related("neighbour")
        .filter(code_hash=_hash_code(raw), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if code is None or selectors.has_own_login(code.neighbour):
        raise ValidationError(
            {"code": [_("This code does not work: it may be mistyped, used or too old.")]}
        )
    return code


@transaction.atomic
def takeover_complete(*, raw: str, email: str, password: str) -> User:
    """The neighbour takes their account over: their e-mail (to verify, as everyone's) and
    password. Every consent ends with it; the log stays."""
    from allauth.account.models import EmailAddress

    code = takeover_code_check(raw=raw)
    TakeoverCode.objects.select_for_update().filter(pk=code.pk).first()
    user = code.neighbour
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
    ):
        raise ValidationError({"email": [_("This address is already used by another account.")]})
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from None
    now = timezone.now()
    updated = TakeoverCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=now)
    if not updated:
        raise ValidationError({"code": [_("This code has just been used.")]})
    user.email = email
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "password"])
    # An address typed at an earlier take-over and never confirmed (a typo) gives way to this one.
    EmailAddress.objects.filter(user=user, verified=False).delete()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    Consent.objects.filter(neighbour=user, ended_at__isnull=True).update(
        ended_at=now, ending=Consent.Ending.TAKEN_OVER
    )
    Neighbour.objects.filter(user=user).update(taken_over_at=now)
    return user
