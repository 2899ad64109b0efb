"""The relais's services: the role, a neighbour's account, consents, the log, the take-over."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.rides import kinds as ride_kinds
from exchanges.swaps import services as swaps
from messaging.digests.schedule import due_user_ids
from messaging.models import DigestPreference, Notification
from messaging.services import notifications_create
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Membership
from neighbourhood.relais import acting, selectors, services
from neighbourhood.relais.models import Consent, Neighbour, ProxyAction, TakeoverCode
from tests.factories import QuartierFactory, swap_fields
from tests.neighbourhood.relais.conftest import make_relais

# --- the role -----------------------------------------------------------------------------------


def test_it_gives_the_relais_role_and_tells_the_person(quartier, carol, alice):
    membership = Membership.objects.get(quartier=quartier, user=alice)
    quartiers.membership_set_relais(membership=membership, actor=carol, relais=True)

    membership.refresh_from_db()
    assert membership.is_relais and membership.relais_since is not None
    notification = Notification.objects.get(user=alice)
    assert notification.kind == "relais_role"
    assert notification.title == "Croix-Rousse : vous êtes maintenant relais"  # in her language
    assert list(selectors.relais_quartiers(user=alice)) == [quartier]

    quartiers.membership_set_relais(membership=membership, actor=carol, relais=False)
    assert not Membership.objects.get(pk=membership.pk).is_relais
    latest = Notification.objects.filter(user=alice).order_by("-id")[0]
    assert latest.title == "Croix-Rousse : vous n’êtes plus relais"


def test_it_refuses_the_role_from_a_plain_member(quartier, alice, bob):
    membership = Membership.objects.get(quartier=quartier, user=bob)
    with pytest.raises(PermissionDenied):
        quartiers.membership_set_relais(membership=membership, actor=alice, relais=True)


def test_it_refuses_the_role_to_an_account_with_no_email(quartier, carol, petit):
    membership = Membership.objects.get(quartier=quartier, user=petit)
    with pytest.raises(ValidationError, match="account of their own"):
        quartiers.membership_set_relais(membership=membership, actor=carol, relais=True)


# --- a neighbour's account ----------------------------------------------------------------------


def test_it_opens_an_account_with_no_email_and_no_password(quartier, marc, consent):
    petit = consent.neighbour
    assert petit.email is None and not petit.has_email
    assert not petit.has_usable_password()
    assert petit.public_name == "Mme Petit"
    assert Membership.objects.get(quartier=quartier, user=petit).is_active
    card = Neighbour.objects.get(user=petit)
    assert (card.phone, card.opened_by, card.quartier) == ("04 78 00 00 00", marc, quartier)
    assert (consent.relais, consent.quartier) == (marc, quartier)
    assert consent.how == "En personne, à l'atelier de l'EPN"
    assert consent.given_at is not None and consent.ended_at is None
    assert [a.verb for a in ProxyAction.objects.order_by("id")] == [
        "account_opened",
        "consent_recorded",
    ]
    assert not EmailAddress.objects.filter(user=petit).exists()


def test_two_neighbours_without_email_live_side_by_side(quartier, marc, consent):
    other = services.neighbour_create(
        relais=marc, quartier=quartier, display_name="M. Grand", postal_contact="3 rue X", how="ok"
    )
    assert other.neighbour.email is None and consent.neighbour.email is None


def test_it_wants_a_way_to_reach_the_neighbour_and_how_they_consented(quartier, marc):
    with pytest.raises(ValidationError) as error:
        services.neighbour_create(relais=marc, quartier=quartier, display_name="X", how="")
    assert set(error.value.message_dict) == {"phone", "how"}


def test_a_plain_member_cannot_open_an_account(quartier, alice):
    with pytest.raises(PermissionDenied):
        services.neighbour_create(
            relais=alice, quartier=quartier, display_name="X", phone="1", how="oui"
        )


def test_a_relais_cannot_open_an_account_in_another_quartier(quartier, marc):
    elsewhere = QuartierFactory.create()
    with pytest.raises(PermissionDenied):
        services.neighbour_create(
            relais=marc, quartier=elsewhere, display_name="X", phone="1", how="oui"
        )


def test_a_neighbour_with_no_email_gets_no_mail_and_no_digest(
    quartier, carol, petit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications_create(
            users=[petit, carol],
            kind=ride_kinds.BOOKING_REQUESTED,  # mailed by default
            actor=None,
            title="Un trajet",
            url="/",
        )
    assert [m.to for m in mail.outbox] == [["carol@example.org"]]
    assert Notification.objects.filter(user=petit).exists()  # still on the site, for the relais
    # The week after next, an hour after the default digest's day and hour on Carol's clock:
    # due for her whatever the day the test runs (eight days on, a Sunday night's run fell on
    # a Monday before 8:00, when this week's digest still waits).
    local = timezone.now().astimezone(zoneinfo.ZoneInfo(carol.timezone))
    monday = local.date() - datetime.timedelta(days=local.weekday()) + datetime.timedelta(weeks=2)
    slot = monday + datetime.timedelta(days=DigestPreference.DEFAULT_WEEKDAY)
    later = datetime.datetime.combine(
        slot, datetime.time(DigestPreference.DEFAULT_HOUR + 1), tzinfo=local.tzinfo
    )
    due = due_user_ids(later)
    assert carol.pk in due and petit.pk not in due


# --- consent and the log ------------------------------------------------------------------------


def test_it_logs_what_a_relais_writes_for_the_neighbour_only(quartier, marc, petit, alice):
    with acting.acting_for(acting.Acting(relais=marc, neighbour=petit, quartier=quartier)):
        swap = swaps.swap_create(quartier=quartier, author=petit, kind="offer", **swap_fields())
        # Someone else's write in the same breath is not hers.
        swaps.swap_create(
            quartier=quartier, author=alice, kind="request", **swap_fields(title="Autre")
        )
    action = ProxyAction.objects.get(verb="swap_posted")
    assert (action.relais, action.neighbour, action.quartier) == (marc, petit, quartier)
    assert action.target == swap and action.summary == "Conversation en espagnol"
    assert selectors.attribution(swap) == action
    assert ProxyAction.objects.filter(verb="swap_posted").count() == 1


def test_nothing_is_logged_outside_an_acting_block(quartier, petit):
    swaps.swap_create(quartier=quartier, author=petit, kind="offer", **swap_fields())
    assert not ProxyAction.objects.filter(verb="swap_posted").exists()


def test_a_consent_taken_back_with_the_role_does_not_come_back_with_it(
    quartier, carol, marc, consent
):
    assert selectors.running_consent(relais=marc, consent_id=consent.pk) == consent
    membership = Membership.objects.get(quartier=quartier, user=marc)
    quartiers.membership_set_relais(membership=membership, actor=carol, relais=False)
    assert selectors.running_consent(relais=marc, consent_id=consent.pk) is None
    make_relais(quartier, marc, carol)
    assert selectors.running_consent(relais=marc, consent_id=consent.pk) is None
    # Asked again, she consents again: a new consent.
    again = services.consent_record(
        relais=marc, neighbour=consent.neighbour, quartier=quartier, how="au téléphone"
    )
    assert selectors.running_consent(relais=marc, consent_id=again.pk) == again
    consent.refresh_from_db()
    assert consent.ending == "withdrawn"


def test_a_consent_ends_when_the_relais_leaves(quartier, marc, consent):
    quartiers.membership_leave(membership=Membership.objects.get(quartier=quartier, user=marc))
    assert selectors.running_consent(relais=marc, consent_id=consent.pk) is None
    assert not Membership.objects.get(quartier=quartier, user=marc).is_relais


def test_the_neighbour_or_a_coordinator_withdraws_a_consent_but_no_one_else(
    marc, consent, carol, alice
):
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(consent=consent, actor=alice)
    services.consent_withdraw(consent=consent, actor=consent.neighbour)
    assert selectors.running_consent(relais=marc, consent_id=consent.pk) is None


def test_a_consent_is_recorded_once(quartier, marc, consent):
    with pytest.raises(ValidationError, match="already recorded"):
        services.consent_record(
            relais=marc, neighbour=consent.neighbour, quartier=quartier, how="encore"
        )


def test_a_relais_needs_the_neighbour_in_their_quartier(quartier, marc, dave):
    with pytest.raises(ValidationError, match="not a member"):
        services.consent_record(relais=marc, neighbour=dave, quartier=quartier, how="oui")


# --- take-over ----------------------------------------------------------------------------------


def test_the_neighbour_takes_the_account_over_with_a_one_time_code(quartier, marc, petit):
    raw = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    assert len(raw) == 14 and raw.count("-") == 2
    assert TakeoverCode.objects.get().code_hash != raw  # only its hash is kept

    assert services.takeover_code_check(raw=raw.lower().replace("-", " ")).neighbour == petit
    user = services.takeover_complete(
        raw=raw, email="Mme.Petit@Example.org", password="un-mot-de-passe-solide-42"
    )

    user.refresh_from_db()
    assert user.email == "mme.petit@example.org"
    assert user.check_password("un-mot-de-passe-solide-42")
    address = EmailAddress.objects.get(user=user)
    assert (address.primary, address.verified) == (True, False)  # verified as everybody's
    assert Consent.objects.get(neighbour=user).ending == "taken_over"
    assert Neighbour.objects.get(user=user).taken_over_at is not None
    assert ProxyAction.objects.filter(neighbour=user).count() == 3  # the log stays
    with pytest.raises(ValidationError, match="does not work"):
        services.takeover_code_check(raw=raw)


def test_a_takeover_code_expires_and_a_new_one_voids_the_old(quartier, marc, petit):
    old = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    new = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    with pytest.raises(ValidationError):
        services.takeover_code_check(raw=old)
    TakeoverCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.takeover_code_check(raw=new)


def test_a_takeover_refuses_an_address_already_used_or_a_weak_password(
    quartier, marc, petit, alice
):
    raw = services.takeover_code_create(neighbour=petit, quartier=quartier, actor=marc)
    with pytest.raises(ValidationError) as error:
        services.takeover_complete(raw=raw, email="alice@example.org", password="x-long-pass-99")
    assert "email" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.takeover_complete(raw=raw, email="petit@example.org", password="123")
    assert "password1" in error.value.message_dict
    petit.refresh_from_db()
    assert petit.email is None
