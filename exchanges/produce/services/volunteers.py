"""Members sign up for the jobs of a distribution, and withdraw; a role never takes more
people than it needs (checked under the role's row lock)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.produce.models import OrderCycle, Volunteer, VolunteerRole
from exchanges.produce.services import report_state
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member


@transaction.atomic
def volunteer_sign_up(*, role: VolunteerRole, member: User) -> Volunteer:
    if not is_member(user=member, quartier=role.cycle.quartier):
        raise PermissionDenied(_("Only members of this quartier can help."))
    if role.cycle.state == OrderCycle.State.DISTRIBUTED:
        raise ValidationError(_("This distribution is over."))
    role = VolunteerRole.objects.select_for_update().get(pk=role.pk)
    if Volunteer.objects.filter(role=role, member=member).exists():
        raise ValidationError(_("You have already signed up for this role."))
    if Volunteer.objects.filter(role=role).count() >= role.places:
        raise ValidationError(_("This role has all the people it needs. Thank you!"))
    report_state.cycle_changed(role.cycle_id)
    return Volunteer.objects.create(role=role, member=member)


@transaction.atomic
def volunteer_withdraw(*, role: VolunteerRole, member: User) -> None:
    deleted, _rows = Volunteer.objects.filter(role=role, member=member).delete()
    if not deleted:
        raise ValidationError(_("You had not signed up for this role."))
    report_state.cycle_changed(role.cycle_id)
