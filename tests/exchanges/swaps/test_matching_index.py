"""The matching index: kept right by every write to a swap, and giving the very suggestions the
in-memory matching it replaced gave (the reference, kept in the bench)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import swap_matching_in_memory as before
from exchanges.swaps import matching, selectors, services
from exchanges.swaps.models import Swap, SwapKey
from exchanges.swaps.words import display_tags, match_keys
from neighbourhood.accounts.services import user_erase
from neighbourhood.quartiers.models import Membership
from neighbourhood.quartiers.services import membership_leave
from tests.exchanges.swaps.test_matching import publish
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def keys_of(swap: Swap) -> set[str]:
    return set(SwapKey.objects.filter(swap=swap).values_list("key", flat=True))


def test_publishing_writes_one_row_per_tag_and_title_word(quartier, alice):
    swap = publish(quartier, alice, "offer", "Réparer son vélo", "Vélos, machine à coudre", "diy")
    assert keys_of(swap) == {"t:velo", "t:machine_a_coudre", "w:reparer", "w:velo"}
    row = SwapKey.objects.filter(swap=swap)[0]
    assert (row.quartier, row.author, row.kind, row.category, row.ends_on) == (
        quartier,
        alice,
        "offer",
        "diy",
        swap.ends_on,
    )
    assert matching.index_drift() == []


def test_editing_the_title_tags_category_or_end_moves_the_rows(quartier, alice):
    swap = publish(quartier, alice, "offer", "Réparer son vélo", "vélo", "diy")
    later = timezone.localdate() + datetime.timedelta(days=20)
    services.swap_update(
        swap=swap, actor=alice, title="Tricot", tags="laine", category="music_arts", ends_on=later
    )
    assert keys_of(swap) == {"t:laine", "w:tricot"}
    assert set(SwapKey.objects.filter(swap=swap).values_list("category", "ends_on")) == {
        ("music_arts", later)
    }
    assert matching.index_drift() == []


def test_pausing_or_closing_takes_the_rows_out_and_resuming_or_renewing_puts_them_back(
    quartier, alice
):
    swap = publish(quartier, alice, "request", "Espagnol", "espagnol")
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    assert keys_of(swap) == set()
    services.swap_set_status(swap=swap, actor=alice, status="active")
    assert keys_of(swap) == {"t:espagnol", "w:espagnol"}
    services.swap_set_status(swap=swap, actor=alice, status="paused")
    services.swap_renew(swap=swap, actor=alice)
    assert keys_of(swap) == {"t:espagnol", "w:espagnol"}
    assert SwapKey.objects.filter(swap=swap, ends_on=swap.ends_on).count() == 2
    services.swap_set_status(swap=swap, actor=alice, status="closed")
    assert keys_of(swap) == set()
    assert matching.index_drift() == []


def test_a_deleted_swap_or_an_erased_account_takes_its_rows_along(quartier, alice, bob):
    gone = publish(quartier, alice, "offer", "Espagnol", "espagnol")
    publish(quartier, bob, "request", "Espagnol", "espagnol")
    kept = publish(quartier, bob, "offer", "Vélo", "velo")
    gone.delete()
    assert not SwapKey.objects.filter(swap_id=gone.pk).exists()
    user_erase(user=bob)
    assert not SwapKey.objects.exists()
    assert not Swap.objects.filter(pk=kept.pk).exists()
    assert matching.index_drift() == []


def test_a_member_who_leaves_sees_no_more_suggestions_there_and_theirs_stay_as_before(
    quartier, alice, bob
):
    wish = publish(quartier, alice, "request", "Espagnol", "espagnol", "languages")
    gift = publish(quartier, bob, "offer", "Espagnol", "espagnol", "languages")
    membership_leave(membership=Membership.objects.get(user=bob, quartier=quartier))
    assert matching.index_drift() == []
    assert matching.suggestions_for(user=bob).matches == {}
    # As before the index: the swap of someone who left stays open until they close it.
    assert [m.swap_id for m in matching.suggestions_for(user=alice).matches[wish.pk]] == [gift.pk]
    assert matching.shown(user=alice) == before.shown(user=alice, per_swap=matching.PER_SWAP)


def test_the_drift_check_names_a_missing_and_a_stale_row_and_the_rebuild_mends_them(
    quartier, alice
):
    swap = publish(quartier, alice, "offer", "Espagnol", "espagnol")
    SwapKey.objects.filter(swap=swap, key="w:espagnol").delete()
    Swap.objects.filter(pk=swap.pk).update(status="paused")  # past the services
    drift = matching.index_drift()
    assert any(line.startswith("stale:") and "t:espagnol" in line for line in drift)
    Swap.objects.filter(pk=swap.pk).update(status="active")
    assert [line.split(",")[-1] for line in matching.index_drift()] == [" 'w:espagnol')"]
    assert matching.index_rebuild() == 2
    assert matching.index_drift() == []


def test_the_suggestions_page_reads_in_a_fixed_number_of_queries(
    quartier, alice, bob, carol, django_assert_num_queries
):
    publish(quartier, alice, "request", "Espagnol", "espagnol", "languages")
    publish(quartier, alice, "offer", "Couture", "couture", "diy")
    publish(quartier, carol, "offer", "Cuisine", "cuisine")
    publish(quartier, alice, "request", "Cuisine", "cuisine")
    for n in range(15):
        publish(quartier, bob, "offer", f"Espagnol {n}", "espagnol", "languages")
        publish(quartier, bob, "request", f"Couture {n}", "couture")
        publish(quartier, carol, "request", f"Vélo {n}", "velo")
        publish(quartier, bob, "offer", f"Vélo {n}", "velo")
    # My quartiers, my open swaps; for each of my swaps its reciprocal strong fits (ten or more
    # for my Spanish wish and my sewing offer: bob teaches me and learns from me), for the
    # cooking wish also the other strong fits and those sharing its category alone, as it has
    # fewer than ten; the first learners who teach one of my teachers, the third of the cycle
    # for the first of them; then the swaps shown, and the people of the cycles.
    with django_assert_num_queries(2 + (1 + 1 + 3) + 2 + 2):
        found = selectors.suggestions_for(user=alice)
    assert [len(matches) for _swap, matches in found.swaps] == [10, 10, 10]
    assert [m.score for m in found.swaps[0][1]][:3] == [3 + 2 + 1, 1, 1]
    assert [(c.learner, c.third) for c in found.cycles] == [(bob, carol)]
    assert matching.shown(user=alice) == before.shown(user=alice, per_swap=matching.PER_SWAP)


# --- the same suggestions as the in-memory matching, on random quartiers ---------------------

TAGS = ["espagnol", "vélo", "couture", "cuisine", "jardin"]
WORDS = ["Espagnol", "Vélo", "Couture", "Tricot", "Pain", "Samedi"]
CATEGORIES = ["languages", "diy", "cooking"]

swap_specs = st.lists(
    st.tuples(
        st.integers(0, 4),  # author: 0 is the member whose suggestions are read
        st.sampled_from(["offer", "request"]),
        st.integers(0, 2),  # quartier: the member belongs to 0 and 1, not 2
        st.sampled_from(CATEGORIES),
        st.lists(st.sampled_from(TAGS), max_size=2),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
        st.sampled_from(["active", "active", "active", "paused", "closed"]),
        st.booleans(),  # expired
    ),
    max_size=30,
)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=swap_specs, per_swap=st.sampled_from([1, 3, 10]), left_one=st.booleans())
def test_the_index_suggests_what_the_in_memory_matching_suggested(db, specs, per_swap, left_one):
    with transaction.atomic():
        quartiers = [QuartierFactory.create() for _ in range(3)]
        people = [UserFactory.create() for _ in range(5)]
        for person in people:
            for quartier in quartiers:
                MembershipFactory.create(user=person, quartier=quartier)
        me = people[0]
        Membership.objects.filter(user=me, quartier=quartiers[2]).update(status="left")
        if left_one:
            Membership.objects.filter(user=me, quartier=quartiers[1]).update(status="left")
        today = timezone.localdate()
        for author, kind, where, category, tags, words, status, expired in specs:
            tags = display_tags(tags)
            title = " ".join(words)
            swap = Swap.objects.create(
                quartier=quartiers[where],
                author=people[author],
                kind=kind,
                title=title,
                description="…",
                category=category,
                tags=tags,
                match_keys=match_keys(tags=tags, title=title),
                status=status,
                ends_on=today + datetime.timedelta(days=-1 if expired else 30),
            )
            matching.index_swap(swap)
        for person in people:
            assert matching.shown(user=person, per_swap=per_swap) == before.shown(
                user=person, per_swap=per_swap
            )
        transaction.set_rollback(True)


def test_the_check_command_fails_on_a_drift_and_the_rebuild_mends_it(quartier, alice):
    swap = publish(quartier, alice, "offer", "Espagnol", "espagnol")
    call_command("swap_index")  # in step: no error
    SwapKey.objects.filter(swap=swap).delete()
    with pytest.raises(CommandError, match="differs from the swaps in 2 rows"):
        call_command("swap_index")
    call_command("swap_index", "--rebuild")
    call_command("swap_index")
    assert keys_of(swap) == {"t:espagnol", "w:espagnol"}


def test_the_demo_quartier_is_indexed_through_the_services(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert SwapKey.objects.exists()
    assert matching.index_drift() == []
