"""Every write to a quartier and its memberships.

Changes to who belongs to a quartier take a row lock on the quartier first: two coordinators
leaving at once, or a promotion racing a removal, are applied one after the other, so the
quartier never ends up without a coordinator.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging import realtime
from messaging import services as messaging
from neighbourhood.accounts.models import Language, User
from neighbourhood.quartiers import kinds
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier
from neighbourhood.quartiers.selectors import require_coordinator

Role = Membership.Role
Status = Membership.Status


def quartier_create(
    *,
    creator: User,
    name: str,
    slug: str,
    latitude: float,
    longitude: float,
    description: str = "",
    radius_km: float = 1.0,
    policy: str = Quartier.Policy.OPEN,
) -> Quartier:
    quartier = Quartier(
        name=name.strip(),
        slug=slug.strip().lower(),
        description=description.strip(),
        latitude=latitude,
        longitude=longitude,
        radius_km=radius_km,
        policy=policy,
        created_by=creator,
    )
    quartier.full_clean()
    try:
        with transaction.atomic():
            quartier.save()
            Membership.objects.create(quartier=quartier, user=creator, role=Role.COORDINATOR)
    except IntegrityError:
        # Two people took the same slug at the same moment: the loser gets the same message as
        # the one full_clean gives when the slug is already taken.
        raise ValidationError({"slug": [_("This short name is already taken.")]}) from None
    return quartier


@transaction.atomic
def quartier_update(
    *,
    quartier: Quartier,
    actor: User,
    name: str,
    description: str,
    latitude: float,
    longitude: float,
    radius_km: float,
    policy: str,
    timezone: str | None = None,
    members_open_consultations: bool | None = None,
) -> Quartier:
    """``timezone``, when given, is where every local time of the quartier is read (opening
    hours, "open now"); ``members_open_consultations``, when given, lets members propose
    consultations (a coordinator approves each)."""
    _lock(quartier)
    require_coordinator(user=actor, quartier=quartier)
    if timezone is not None:
        quartier.timezone = timezone
    if members_open_consultations is not None:
        quartier.members_open_consultations = members_open_consultations
    quartier.name = name.strip()
    quartier.description = description.strip()
    quartier.latitude = latitude
    quartier.longitude = longitude
    quartier.radius_km = radius_km
    quartier.policy = policy
    quartier.full_clean()
    quartier.save(
        update_fields=[
            "name",
            "description",
            "latitude",
            "longitude",
            "radius_km",
            "policy",
            "timezone",
            "members_open_consultations",
        ]
    )
    return quartier


@transaction.atomic
def quartier_join(*, quartier: Quartier, user: User, message: str = "") -> Membership | JoinRequest:
    """Joins an open quartier at once; asks the coordinators of a quartier on approval."""
    _lock(quartier)
    membership = Membership.objects.filter(quartier=quartier, user=user).first()
    if membership is not None and membership.status == Status.BANNED:
        raise ValidationError(_("You cannot join this quartier."))
    if membership is not None and membership.is_active:
        raise ValidationError(_("You are already a member of this quartier."))
    if quartier.policy == Quartier.Policy.OPEN:
        # A request left from when the quartier was on approval has nothing left to decide.
        JoinRequest.objects.filter(
            quartier=quartier, user=user, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now())
        return _activate(quartier=quartier, user=user, membership=membership)
    if JoinRequest.objects.filter(
        quartier=quartier, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("Your request to join is already waiting for a coordinator."))
    join_request = JoinRequest.objects.create(quartier=quartier, user=user, message=message.strip())
    messaging.notifications_create(
        users=User.objects.filter(
            memberships__quartier=quartier,
            memberships__role=Role.COORDINATOR,
            memberships__status=Status.ACTIVE,
        ),
        kind=kinds.JOIN_REQUESTED,
        actor=user,
        title=quartier.name,
        url=reverse("quartiers:join_requests", kwargs={"slug": quartier.slug}),
        # What they wrote to the coordinators, in the mail: enough to decide from the inbox.
        details=[join_request.message] if join_request.message else None,
    )
    return join_request


@transaction.atomic
def membership_add_neighbour(*, quartier: Quartier, user: User, actor: User) -> Membership:
    """Makes ``user`` a member at once, on the word of a relais or a coordinator who opened
    their account for them (a neighbour with no e-mail cannot ask to join)."""
    _lock(quartier)
    helper = Membership.objects.filter(quartier=quartier, user=actor, status=Status.ACTIVE).filter(
        Q(is_relais=True) | Q(role=Role.COORDINATOR)
    )
    if not helper.exists():
        raise PermissionDenied(_("Only a relais or a coordinator of this quartier can do this."))
    membership = Membership.objects.filter(quartier=quartier, user=user).first()
    if membership is not None and membership.is_active:
        return membership
    if membership is not None and membership.status == Status.BANNED:
        raise ValidationError(_("This person is banned from the quartier."))
    return _activate(quartier=quartier, user=user, membership=membership)


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, actor: User, approve: bool) -> JoinRequest:
    """Approves or refuses; a request from someone who is a member by now is only closed."""
    quartier = join_request.quartier
    _lock(quartier)
    require_coordinator(user=actor, quartier=quartier)
    join_request.refresh_from_db(fields=["status"])
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    membership = Membership.objects.filter(quartier=quartier, user=join_request.user).first()
    if membership is not None and membership.is_active:
        # Already a member by another way: the request is closed, their role left untouched.
        join_request.status = JoinRequest.Status.WITHDRAWN
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_at"])
        return join_request
    if approve:
        if membership is not None and membership.status == Status.BANNED:
            raise ValidationError(_("This person is banned from the quartier."))
        _activate(quartier=quartier, user=join_request.user, membership=membership)
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    _tell_requester(join_request, approved=approve)
    return join_request


def _tell_requester(join_request: JoinRequest, *, approved: bool) -> None:
    user, quartier = join_request.user, join_request.quartier
    # The title is stored as it is shown: in the requester's language, saying the answer.
    with translation.override(user.language):
        title = _("%(quartier)s: accepted") if approved else _("%(quartier)s: refused")
    messaging.notification_create(
        user=user,
        kind=kinds.JOIN_DECIDED,
        # Not the coordinator's name: a refusal is the quartier's answer, not one neighbour's.
        actor=None,
        title=title % {"quartier": quartier.name},
        url=quartier.get_absolute_url(),
    )


@transaction.atomic
def join_request_withdraw(*, join_request: JoinRequest, user: User) -> None:
    if join_request.user_id != user.pk or join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request cannot be withdrawn."))
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    _lock(membership.quartier)
    membership.refresh_from_db(fields=["role", "status"])
    if not membership.is_active:
        raise ValidationError(_("You are not a member of this quartier."))
    if membership.role == Role.COORDINATOR and _coordinator_count(membership.quartier) == 1:
        raise ValidationError(
            _("You are the last coordinator: make another member coordinator before you leave.")
        )
    _end(membership, Status.LEFT)


@transaction.atomic
def membership_set_role(*, membership: Membership, actor: User, role: str) -> Membership:
    quartier = membership.quartier
    _lock(quartier)
    require_coordinator(user=actor, quartier=quartier)
    membership.refresh_from_db(fields=["role", "status"])
    if not membership.is_active:
        raise ValidationError(_("This person is no longer a member."))
    if role not in Role.values:
        raise ValidationError({"role": [_("Choose member or coordinator.")]})
    demoting = membership.role == Role.COORDINATOR and role != Role.COORDINATOR
    if demoting and _coordinator_count(quartier) == 1:
        raise ValidationError(_("A quartier needs at least one coordinator."))
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_change(
    *, membership: Membership, actor: User, role: str | None = None, relais: bool | None = None
) -> Membership:
    """A coordinator's change to a member: the role, the relais role, or both at once (all or
    nothing)."""
    if role is not None:
        membership_set_role(membership=membership, actor=actor, role=role)
    if relais is not None:
        membership_set_relais(membership=membership, actor=actor, relais=relais)
    return membership


@transaction.atomic
def membership_set_relais(*, membership: Membership, actor: User, relais: bool) -> Membership:
    """Makes a member a relais of the quartier, or takes the role back; tells them either way.

    ``relais_since`` moves on each grant: consents given before it no longer count, so a role
    taken back and given again starts with no consent at all.
    """
    quartier = membership.quartier
    _lock(quartier)
    require_coordinator(user=actor, quartier=quartier)
    membership.refresh_from_db(fields=["role", "status", "is_relais"])
    if not membership.is_active:
        raise ValidationError(_("This person is no longer a member."))
    if not membership.user.has_email or not membership.user.has_usable_password():
        raise ValidationError(_("A relais needs an account of their own, with an e-mail address."))
    if membership.is_relais == relais:
        return membership
    membership.is_relais = relais
    if relais:
        membership.relais_since = timezone.now()
    membership.save(update_fields=["is_relais", "relais_since"])
    user = membership.user
    with translation.override(user.language):
        title = (
            _("%(quartier)s: you are now a relais")
            if relais
            else _("%(quartier)s: you are no longer a relais")
        )
    messaging.notification_create(
        user=user,
        kind=kinds.RELAIS_ROLE,
        actor=actor,
        title=title % {"quartier": quartier.name},
        # The page of the neighbours they help; once the role is gone, the quartier's.
        url=reverse("relais:home") if relais else quartier.get_absolute_url(),
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User, ban: bool = False) -> None:
    """Removes a member; with ``ban`` they can neither join again nor ask to."""
    quartier = membership.quartier
    _lock(quartier)
    require_coordinator(user=actor, quartier=quartier)
    if membership.user_id == actor.pk:
        raise ValidationError(_("Use “leave the quartier” to leave it yourself."))
    membership.refresh_from_db(fields=["role", "status"])
    if not membership.is_active and not ban:
        raise ValidationError(_("This person is no longer a member."))
    if membership.status == Status.BANNED:
        raise ValidationError(_("This person is already banned."))
    JoinRequest.objects.filter(
        quartier=quartier, user_id=membership.user_id, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.REFUSED, decided_by=actor, decided_at=timezone.now())
    _end(membership, Status.BANNED if ban else Status.REMOVED)


def _lock(quartier: Quartier) -> None:
    Quartier.objects.select_for_update().filter(pk=quartier.pk).values_list("pk").first()


def _coordinator_count(quartier: Quartier) -> int:
    return Membership.objects.filter(
        quartier=quartier, role=Role.COORDINATOR, status=Status.ACTIVE
    ).count()


def _activate(*, quartier: Quartier, user: User, membership: Membership | None) -> Membership:
    """Makes ``user`` a plain member: only ever called for someone who is not one now."""
    assert membership is None or not membership.is_active
    if membership is None:
        membership = Membership.objects.create(quartier=quartier, user=user)
    else:
        membership.role = Role.MEMBER
        membership.status = Status.ACTIVE
        membership.joined_at = timezone.now()
        membership.ended_at = None
        membership.save(update_fields=["role", "status", "joined_at", "ended_at"])
    realtime.membership_started_on_commit(user_id=user.pk, quartier_id=quartier.pk)
    return membership


def _end(membership: Membership, status: str) -> None:
    membership.status = status
    membership.ended_at = timezone.now()
    membership.is_relais = False  # back as a member one day, they are not a relais again
    membership.save(update_fields=["status", "ended_at", "is_relais"])
    realtime.membership_ended_on_commit(
        user_id=membership.user_id, quartier_id=membership.quartier_id
    )


@transaction.atomic
def quartier_set_language(*, quartier: Quartier, actor: User, language: str) -> Quartier:
    """Sets the language the quartier's sheet is printed in; its coordinators choose it."""
    require_coordinator(user=actor, quartier=quartier)
    if language not in Language.values:
        raise ValidationError({"language": [_("Choose one of the languages of the list.")]})
    quartier.language = language
    quartier.save(update_fields=["language"])
    return quartier
