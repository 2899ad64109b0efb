"""Objects and their loans through the services: every transition allowed and refused, the
notices, the chat thread, the feed, and bad input refused with nothing stored."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.formats import date_format

from exchanges.aid import kinds
from exchanges.aid.models import Gift, Item, Loan
from exchanges.aid.services import objects as services
from exchanges.aid.services.objects.loans import period_words
from messaging.models import Notification, Participant
from neighbourhood.feed.models import FeedEntry
from tests.exchanges.aid.objects.helpers import cot, drill, in_days, loan

pytestmark = pytest.mark.django_db


def test_publishing_fills_the_search_keys_and_the_feed(quartier, alice):
    item = drill(quartier, alice)
    assert "perceuse" in item.search_keys and "meches beton" in item.search_keys
    assert "tools" in item.search_keys
    entry = FeedEntry.objects.get(object_id=item.pk, kind=kinds.FEED_LEND)
    assert entry.is_visible and entry.item_url == item.get_absolute_url()


def test_lending_needs_a_longest_loan_and_an_outsider_cannot_publish(quartier, alice, dave):
    with pytest.raises(ValidationError) as error:
        services.item_publish(
            quartier=quartier, owner=alice, mode="lend", title="Scie", category="tools"
        )
    assert "max_days" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        drill(quartier, dave)
    assert not Item.objects.exists()


def test_pause_and_withdraw(quartier, alice, bob):
    item = drill(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.item_pause(item=item, actor=bob)
    services.item_pause(item=item, actor=alice)
    assert FeedEntry.objects.get(object_id=item.pk).is_visible is False
    with pytest.raises(ValidationError, match="not available"):
        loan(item, bob)
    services.item_pause(item=item, actor=alice, paused=False)
    asked = loan(item, bob)
    services.item_withdraw(item=item, actor=alice)
    asked.refresh_from_db()
    assert asked.status == Loan.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.item_update(item=item, actor=alice, title="Autre")


def test_the_whole_loan_each_side_confirming(quartier, alice, bob):
    item = drill(quartier, alice)
    asked = loan(item, bob, message="Pour samedi")
    assert asked.status == Loan.Status.ASKED
    assert Notification.objects.filter(user=alice, kind=kinds.LOAN_ASKED).exists()
    assert set(
        Participant.objects.filter(conversation=asked.conversation).values_list("user", flat=True)
    ) == {alice.pk, bob.pk}
    with pytest.raises(PermissionDenied):
        services.loan_accept(loan=asked, actor=bob)
    services.loan_accept(loan=asked, actor=alice)
    assert asked.status == Loan.Status.ACCEPTED
    assert Notification.objects.filter(user=bob, kind=kinds.LOAN_ACCEPTED).exists()
    with pytest.raises(ValidationError):
        services.loan_return(loan=asked, actor=bob)
    services.loan_hand_over(loan=asked, actor=alice)
    assert asked.status == Loan.Status.ACCEPTED  # the borrower has not said so yet
    services.loan_hand_over(loan=asked, actor=bob)
    assert asked.status == Loan.Status.HANDED_OVER
    with pytest.raises(ValidationError, match="no longer be cancelled"):
        services.loan_cancel(loan=asked, actor=bob)
    services.loan_return(loan=asked, actor=bob)
    assert asked.status == Loan.Status.HANDED_OVER
    services.loan_return(loan=asked, actor=alice)
    assert asked.status == Loan.Status.RETURNED
    with pytest.raises(ValidationError):
        services.loan_hand_over(loan=asked, actor=alice)


def test_decline_and_cancel(quartier, alice, bob, carol):
    item = drill(quartier, alice)
    first = loan(item, bob)
    with pytest.raises(PermissionDenied):
        services.loan_decline(loan=first, actor=bob)
    services.loan_decline(loan=first, actor=alice)
    assert first.status == Loan.Status.DECLINED
    with pytest.raises(ValidationError):
        services.loan_accept(loan=first, actor=alice)
    with pytest.raises(ValidationError):
        services.loan_cancel(loan=first, actor=bob)
    second = loan(item, bob)
    with pytest.raises(PermissionDenied):
        services.loan_cancel(loan=second, actor=carol)
    services.loan_accept(loan=second, actor=alice)
    services.loan_cancel(loan=second, actor=alice)
    assert second.status == Loan.Status.CANCELLED
    assert Notification.objects.filter(user=bob, kind=kinds.LOAN_CANCELLED).exists()


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (-1, 1, "starts_on", "cannot start in the past"),
        (3, 2, "ends_on", "The period ends before it starts"),
        (1, 4, "ends_on", "3 days at most"),
        (366, 367, "starts_on", "at most a year ahead"),
        (365, 366, "ends_on", "at most a year ahead"),
    ],
)
def test_a_bad_period_is_refused_in_words_and_nothing_is_stored(
    quartier, alice, bob, start, end, field, words
):
    item = drill(quartier, alice)
    with pytest.raises(ValidationError) as error:
        loan(item, bob, start, end)
    assert words in " ".join(error.value.message_dict[field])
    assert not Loan.objects.exists()


def test_the_last_day_of_the_calendar_is_refused_in_words(quartier, alice, bob):
    last = datetime.date(9999, 12, 30)
    with pytest.raises(ValidationError, match="at most a year ahead"):
        services.loan_ask(item=drill(quartier, alice), borrower=bob, starts_on=last, ends_on=last)
    assert not Loan.objects.exists()


def test_refusals_of_asking(quartier, alice, bob, dave):
    item = drill(quartier, alice)
    loan(item, bob, 1, 2)
    with pytest.raises(ValidationError, match="already asked for these dates"):
        loan(item, bob, 2, 3)
    assert Loan.objects.count() == 1
    with pytest.raises(ValidationError, match="your own"):
        loan(item, alice)
    with pytest.raises(PermissionDenied):
        loan(item, dave)
    gift = services.item_publish(
        quartier=quartier, owner=alice, mode="give", title="Lit", category="children"
    )
    with pytest.raises(ValidationError, match="given away"):
        loan(gift, bob)


def test_dates_already_lent_are_refused_when_asked_and_when_accepted(quartier, alice, bob, carol):
    item = drill(quartier, alice)
    first = loan(item, bob, 2, 4)
    second = loan(item, carol, 4, 5)
    services.loan_accept(loan=first, actor=alice)
    with pytest.raises(ValidationError, match="These dates are already lent"):
        services.loan_accept(loan=second, actor=alice)
    with pytest.raises(ValidationError, match="These dates are already lent"):
        loan(item, carol, 1, 2)
    assert loan(item, bob, 5, 6).status == Loan.Status.ASKED  # the day after is free


def test_late_is_computed(quartier, alice, bob):
    item = drill(quartier, alice)
    asked = loan(item, bob, 0, 1)
    services.loan_accept(loan=asked, actor=alice)
    services.loan_hand_over(loan=asked, actor=alice)
    services.loan_hand_over(loan=asked, actor=bob)
    assert not asked.is_late()
    assert asked.is_late(today=in_days(2))


def test_a_relais_acting_for_a_neighbour_is_logged(quartier, alice, bob, carol):
    from neighbourhood.relais import acting
    from neighbourhood.relais.models import ProxyAction

    with acting.acting_for(acting.Acting(relais=carol, neighbour=bob, quartier=quartier)):
        item = drill(quartier, bob, title="Scie")
        loan(drill(quartier, alice), bob)
    verbs = set(ProxyAction.objects.filter(neighbour=bob).values_list("verb", flat=True))
    assert verbs == {acting.Verb.ITEM_PUBLISHED, acting.Verb.LOAN_ASKED}
    assert item.pk in ProxyAction.objects.values_list("target_id", flat=True)


def test_the_notice_s_title_is_the_object_s_and_the_days_are_in_the_recipient_s_words(
    quartier, alice, bob, carol
):
    alice.language, carol.language = "fr", "en"
    item = drill(quartier, alice)
    asked = loan(item, bob, 1, 2)
    assert Notification.objects.get(user=alice, kind=kinds.LOAN_ASKED).title == item.title
    days: dict[str, list[str]] = {"en": [], "fr": []}
    for language in days:
        with translation.override(language):
            days[language] = [date_format(in_days(n), "SHORT_DATE_FORMAT") for n in (1, 2)]
    assert period_words(asked, alice) == ["Du {} au {}".format(*days["fr"])]
    assert period_words(asked, carol) == ["From {} until {}".format(*days["en"])]


def test_the_search_keys_hold_the_category_in_french_and_english_whatever_the_language(
    quartier, alice
):
    with translation.override("en"):
        in_english = drill(quartier, alice).search_keys
    with translation.override("fr"):
        in_french = drill(quartier, alice).search_keys
    assert in_english == in_french
    assert "tools and diy" in in_english and "bricolage" in in_english and " tools" in in_english


def test_a_too_long_word_for_the_other_side_is_refused_never_cut(quartier, alice, bob):
    for ask in (
        lambda words: loan(drill(quartier, alice), bob, message=words),
        lambda words: services.gift_ask(item=cot(quartier, alice), taker=bob, message=words),
    ):
        with pytest.raises(ValidationError) as error:
            ask("a" * 501)
        assert "At most 500 characters." in error.value.message_dict["message"]
    assert not Loan.objects.exists() and not Gift.objects.exists()
    assert len(loan(drill(quartier, alice), bob, message=" " + "a" * 500 + " ").message) == 500
