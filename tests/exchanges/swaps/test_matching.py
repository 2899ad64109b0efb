"""Who could teach whom: pairs, reciprocal pairs and open-reciprocity cycles of three."""

import pytest

from exchanges.swaps import matching, services
from exchanges.swaps.models import Swap
from exchanges.swaps.words import display_tags, keywords, match_keys
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, swap_fields

pytestmark = pytest.mark.django_db


def publish(quartier, author, kind, title, tags, category="other") -> Swap:
    return services.swap_create(
        quartier=quartier,
        author=author,
        kind=kind,
        **swap_fields(title=title, tags=tags, category=category),
    )


def member(quartier, name):
    user = UserFactory.create(display_name=name)
    MembershipFactory.create(quartier=quartier, user=user)
    return user


def test_words_lose_case_accents_small_words_and_plurals():
    assert keywords("Apprendre l'Espagnol et les Échecs") == ["espagnol", "echec"]
    assert display_tags("Vélo, réparation ,  vélos, Machine à coudre") == [
        "Vélo",
        "réparation",
        "Machine à coudre",
    ]
    assert match_keys(tags=["Vélos", "Machine à coudre"], title="Réparer son vélo") == (
        "t:velo t:machine_a_coudre w:reparer w:velo"
    )


def test_small_words_of_a_title_do_not_make_a_match(quartier, alice, bob):
    wish = publish(quartier, alice, "request", "Anglais pour débutants, le samedi", "anglais")
    publish(quartier, bob, "offer", "Guitare pour débutants, le samedi", "guitare")
    # Only the shared category links them: a weak suggestion, never "X can teach Y".
    assert [m.strong for m in matching.suggestions_for(user=alice).matches[wish.pk]] == [False]


def test_offers_that_fit_my_request_come_best_first(quartier, alice, bob, carol):
    wish = publish(quartier, alice, "request", "Parler espagnol", "espagnol", "languages")
    strong = publish(quartier, bob, "offer", "Conversation en espagnol", "espagnol", "languages")
    weak = publish(quartier, carol, "offer", "Cours d'allemand", "allemand", "languages")
    unrelated = publish(quartier, carol, "offer", "Tricot", "tricot", "music_arts")
    matches = matching.suggestions_for(user=alice).matches[wish.pk]
    assert [m.swap_id for m in matches] == [strong.pk, weak.pk]
    assert matches[0].strong and not matches[1].strong
    assert unrelated.pk not in {m.swap_id for m in matches}


def test_requests_that_fit_my_offer_are_found_the_other_way_round(quartier, alice, bob):
    gift = publish(quartier, alice, "offer", "Réparer son vélo", "velo, reparation", "diy")
    wish = publish(quartier, bob, "request", "Apprendre à réparer un vélo", "velo", "diy")
    assert [m.swap_id for m in matching.suggestions_for(user=alice).matches[gift.pk]] == [wish.pk]


def test_a_reciprocal_pair_is_marked_and_put_first(quartier, alice, bob, carol):
    wish = publish(quartier, alice, "request", "Espagnol", "espagnol", "languages")
    publish(quartier, alice, "offer", "Aide smartphone", "smartphone", "digital")
    better_score = publish(
        quartier, carol, "offer", "Espagnol conversation", "espagnol, conversation", "languages"
    )
    reciprocal = publish(quartier, bob, "offer", "Espagnol", "espagnol", "languages")
    publish(quartier, bob, "request", "Mon smartphone", "smartphone", "digital")

    matches = matching.suggestions_for(user=alice).matches[wish.pk]
    assert matches[0].swap_id == reciprocal.pk and matches[0].reciprocal
    assert matches[1].swap_id == better_score.pk and not matches[1].reciprocal
    # bob sees the same pair as reciprocal from his side.
    bob_offer = Swap.objects.get(author=bob, kind="offer")
    assert matching.suggestions_for(user=bob).matches[bob_offer.pk][0].reciprocal


def test_an_open_reciprocity_cycle_of_three_is_suggested_to_each_of_the_three(
    quartier, alice, bob, carol
):
    # alice teaches bob sewing, bob teaches carol bikes, carol teaches alice cooking.
    publish(quartier, alice, "offer", "Couture", "couture")
    publish(quartier, bob, "request", "Couture", "couture")
    publish(quartier, bob, "offer", "Vélo", "velo")
    publish(quartier, carol, "request", "Vélo", "velo")
    publish(quartier, carol, "offer", "Cuisine italienne", "cuisine")
    publish(quartier, alice, "request", "Cuisine", "cuisine")

    assert matching.suggestions_for(user=alice).cycles == [(alice.pk, bob.pk, carol.pk)]
    assert matching.suggestions_for(user=bob).cycles == [(bob.pk, carol.pk, alice.pk)]
    assert matching.suggestions_for(user=carol).cycles == [(carol.pk, alice.pk, bob.pk)]


def test_no_cycle_when_one_link_is_missing(quartier, alice, bob, carol):
    publish(quartier, alice, "offer", "Couture", "couture")
    publish(quartier, bob, "request", "Couture", "couture")
    publish(quartier, bob, "offer", "Vélo", "velo")
    publish(quartier, carol, "request", "Vélo", "velo")
    publish(quartier, carol, "offer", "Cuisine", "cuisine")
    publish(quartier, alice, "request", "Jardinage", "jardin")
    assert matching.suggestions_for(user=alice).cycles == []


def test_a_category_alone_is_too_weak_for_a_cycle_or_reciprocity(quartier, alice, bob, carol):
    wish = publish(quartier, alice, "request", "Allemand", "allemand", "languages")
    publish(quartier, alice, "offer", "Anglais", "anglais", "languages")
    publish(quartier, bob, "offer", "Italien", "italien", "languages")
    publish(quartier, bob, "request", "Russe", "russe", "languages")
    matches = matching.suggestions_for(user=alice).matches[wish.pk]
    assert len(matches) == 1 and not matches[0].reciprocal and not matches[0].strong


def test_only_open_swaps_of_my_own_quartiers_are_matched(quartier, alice, bob):
    wish = publish(quartier, alice, "request", "Espagnol", "espagnol")
    paused = publish(quartier, bob, "offer", "Espagnol", "espagnol")
    services.swap_set_status(swap=paused, actor=bob, status="paused")
    elsewhere = QuartierFactory.create()
    stranger = member(elsewhere, "Stranger")
    publish(elsewhere, stranger, "offer", "Espagnol", "espagnol")
    assert matching.suggestions_for(user=alice).matches[wish.pk] == []


def test_matching_reads_the_index_for_my_swaps_only(
    quartier, alice, bob, django_assert_num_queries
):
    wish = publish(quartier, alice, "request", "Espagnol", "espagnol")
    for n in range(30):
        publish(quartier, bob, "offer", f"Espagnol {n}", "espagnol")
    # My quartiers, my open swaps, then the ten best fits of my one swap (none can be
    # reciprocal: I offer nothing, nor is there a cycle to look for). The quartier's other swaps
    # are never loaded.
    with django_assert_num_queries(3):
        found = matching.suggestions_for(user=alice)
    assert len(found.matches[wish.pk]) == matching.PER_SWAP
