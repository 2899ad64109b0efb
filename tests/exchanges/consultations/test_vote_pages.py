"""The voting pages, without JavaScript: the form for each method (one fieldset per option,
radios, never a slider), prefilled with my ballot, errors summed up on top, the confirmation;
a public survey by its link; paper ballots; outsiders refused (404); a relais voting for a
neighbour."""

# The relais's fixtures are imported from their conftest file.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.consultations import ballot_selectors
from exchanges.consultations.models import Ballot, Consultation, Participation, Via
from exchanges.consultations.options import date_label
from exchanges.consultations.services import ballots
from neighbourhood.relais.models import ProxyAction
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.neighbourhood.relais.conftest import acting_client, consent, marc, petit

pytestmark = pytest.mark.django_db

Method = Consultation.Method
GRADES_IN_ORDER = [
    "Excellent",
    "Very good",
    "Good",
    "Fairly good",
    "Passable",
    "Insufficient",
    "To reject",
]


def client_of(user) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def ids(consultation) -> list[int]:
    return list(consultation.options.values_list("pk", flat=True))


def vote_url(consultation) -> str:
    return reverse("consultations:vote", args=[consultation.pk])


@pytest.fixture
def bread(quartier, carol):
    return make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        question="Should the AMAP add a bread producer?",
        options=("La Fournée", "Le Fournil", "No bread"),
    )


def test_majority_judgment_is_one_fieldset_of_seven_radios_per_option(bread, alice):
    page = client_of(alice).get(vote_url(bread)).content.decode()

    assert "<h1>Should the AMAP add a bread producer?</h1>" in page
    assert "Give each option a grade" in page
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends == ["La Fournée", "Le Fournil", "No bread"]
    assert page.count('type="radio"') == 21
    assert 'type="range"' not in page
    first = page.split("<legend>La Fournée</legend>")[1].split("</fieldset>")[0]
    assert (
        re.findall(
            r"\s(Excellent|Very good|Good|Fairly good|Passable|Insufficient|To reject)</label>",
            first,
        )
        == GRADES_IN_ORDER
    )


def test_voting_from_the_page_then_changing_it(bread, alice):
    client = client_of(alice)
    a, b, c = ids(bread)

    response = client.post(
        vote_url(bread),
        {f"ballot-option_{a}": "6", f"ballot-option_{b}": "4", f"ballot-option_{c}": "0"},
        follow=True,
    )

    page = response.content.decode()
    # Told once where the page opens; the page then says where the ballot stands.
    assert page.count("Your ballot is recorded.") == 1
    assert "You have voted. You can change it until the vote closes" in page
    # Prefilled with my grades.
    assert (
        f'name="ballot-option_{a}" value="6" id="id_ballot-option_{a}_0" required checked' in page
    )
    assert (
        f'name="ballot-option_{c}" value="0" id="id_ballot-option_{c}_6" required checked' in page
    )
    client.post(
        vote_url(bread),
        {f"ballot-option_{a}": "1", f"ballot-option_{b}": "1", f"ballot-option_{c}": "1"},
    )
    assert Ballot.objects.count() == 1
    assert ballot_selectors.my_ballot(bread, alice).marks == {a: 1, b: 1, c: 1}


def test_a_missing_grade_is_summed_up_on_top_with_a_link_to_its_fieldset(bread, alice):
    a, b, c = ids(bread)
    response = client_of(alice).post(
        vote_url(bread), {f"ballot-option_{a}": "6", f"ballot-option_{b}": "9"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('id="ballot-errors"')[1].split("</div>")[0]
    assert f'href="#id_ballot-option_{b}"' in summary
    assert f'href="#id_ballot-option_{c}"' in summary
    assert f'<fieldset id="id_ballot-option_{c}"' in page
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_single_choice_is_a_radio_group_and_approval_checkboxes(quartier, carol, alice):
    single = make_consultation(quartier=quartier, opened_by=carol)
    approval = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.APPROVAL, options=("A", "B", "C")
    )
    client = client_of(alice)

    page = client.get(vote_url(single)).content.decode()
    assert page.count('type="radio"') == 2 and page.count("<fieldset") == 1
    page = client.get(vote_url(approval)).content.decode()
    assert page.count('type="checkbox"') == 3

    a, _b, c = ids(approval)
    client.post(vote_url(approval), {"ballot-choices": [str(a), str(c)]})
    assert ballot_selectors.my_ballot(approval, alice).marks == {a: 1, c: 1}


def test_a_date_poll_is_yes_if_needed_no_for_each_date(quartier, carol, alice):
    day = datetime.date(2027, 6, 12)
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.DATE_POLL,
        options=(("Samedi", day), ("Dimanche", day + datetime.timedelta(days=1))),
    )
    page = client_of(alice).get(vote_url(poll)).content.decode()

    assert page.count("<fieldset") == 2
    assert "Saturday 12 June 2027" in page
    assert page.count("If needed</label>") == 2


def test_a_date_labelled_by_the_site_is_read_once_in_the_readers_words(quartier, carol, alice):
    """A date typed without a label is labelled in the quartier's language ("samedi 12 juin");
    an English reader reads the date once, in English, not both side by side."""
    day = datetime.date(2027, 6, 12)
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.DATE_POLL,
        options=[
            (date_label(day, None, quartier.language), day),
            ("Fête des voisins", day + datetime.timedelta(days=7)),
        ],
    )
    page = client_of(alice).get(vote_url(poll)).content.decode()

    assert "<legend>Saturday 12 June 2027</legend>" in page
    assert "<legend>Fête des voisins (Saturday 19 June 2027)</legend>" in page


def test_an_open_question_is_a_text_area(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())
    client = client_of(alice)
    assert "<textarea" in client.get(vote_url(poll)).content.decode()

    client.post(vote_url(poll), {"ballot-answer": "Un banc sous le tilleul"})
    assert ballot_selectors.my_ballot(poll, alice).answer == "Un banc sous le tilleul"


def test_after_the_close_the_page_says_so_and_takes_nothing(quartier, carol, alice):
    closed = make_consultation(quartier=quartier, opened_by=carol, phase="results")
    client = client_of(alice)

    page = client.get(vote_url(closed)).content.decode()
    assert "The vote is closed" in page and '<form method="post" action="/consultations' not in page
    response = client.post(vote_url(closed), {"ballot-choice": str(ids(closed)[0])})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_outsiders_get_404_on_every_page(bread, quartier, carol, dave):
    paper = ballots.paper_ballot_enter(
        consultation=bread, coordinator=carol, marks=dict.fromkeys(ids(bread), 3)
    )
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)
    urls = [
        vote_url(bread),
        reverse("consultations:paper", args=[bread.pk]),
        reverse("consultations:paper_remove", args=[bread.pk, paper.pk]),
        reverse("consultations:survey", args=[bread.public_token]),
    ]
    for someone in (dave, elsewhere):
        client = client_of(someone)
        for url in urls:
            assert client.get(url).status_code == 404, (someone, url)
            assert client.post(url, {}).status_code == 404, (someone, url)
    assert Ballot.objects.count() == 1


def test_a_public_survey_is_answered_by_its_link_from_another_quartier(quartier, carol):
    survey = make_consultation(
        quartier=quartier,
        opened_by=carol,
        audience=Consultation.Audience.PUBLIC_LINK,
        background="The street party takes place in June.",
    )
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)
    client = client_of(elsewhere)
    url = reverse("consultations:survey", args=[survey.public_token])

    page = client.get(url).content.decode()
    assert "The street party takes place in June." in page
    assert client.get(vote_url(survey)).status_code == 404
    client.post(url, {"ballot-choice": str(ids(survey)[0])})

    assert Participation.objects.get().member == elsewhere
    assert client.get("/consultations/survey/not-the-token/").status_code == 404


def test_a_coordinator_enters_paper_ballots_one_after_the_other(bread, carol, alice):
    client = client_of(carol)
    url = reverse("consultations:paper", args=[bread.pk])
    a, b, c = ids(bread)
    for grade in ("6", "2"):
        response = client.post(
            url,
            {f"ballot-option_{a}": grade, f"ballot-option_{b}": "3", f"ballot-option_{c}": "0"},
            follow=True,
        )
    page = response.content.decode()
    assert "2 paper ballots entered." in page
    assert "La Fournée: Passable" in page
    assert Ballot.objects.filter(paper=True).count() == 2
    assert not Participation.objects.exists()

    first = Ballot.objects.filter(paper=True).order_by("id")[0]
    remove = reverse("consultations:paper_remove", args=[bread.pk, first.pk])
    assert "Remove this paper ballot?" in client.get(remove).content.decode()
    client.post(remove)
    assert Ballot.objects.filter(paper=True).count() == 1
    # A member may not.
    assert client_of(alice).get(url).status_code == 403


def test_a_relais_votes_for_a_neighbour_recorded_and_logged(quartier, carol, marc, consent, petit):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, _no = ids(poll)
    client = acting_client(marc, consent)

    response = client.post(vote_url(poll), {"ballot-choice": str(yes)}, follow=True)

    assert response.status_code == 200
    participation = Participation.objects.get()
    assert participation.member == petit
    assert participation.via == Via.RELAIS and participation.relais == marc
    assert ballot_selectors.my_ballot(poll, petit).marks == {yes: 1}
    assert "recorded through a relais" in response.content.decode()
    action = ProxyAction.objects.get(verb=ProxyAction.Verb.BALLOT_CAST)
    assert action.relais == marc and action.neighbour == petit and action.target == poll
    # The ballot itself says nothing of it.
    ballot = Ballot.objects.get()
    assert {field.name for field in Ballot._meta.concrete_fields} == {
        "id",
        "consultation",
        "key",
        "paper",
    }
    assert not ballot.paper


def test_the_pages_read_in_a_few_queries_however_many_options_and_ballots(
    quartier, carol, alice, django_assert_max_num_queries
):
    many = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.MAJORITY_JUDGMENT,
        options=[f"Option {n}" for n in range(8)],
    )
    grades = dict.fromkeys(ids(many), 3)
    ballots.ballot_cast(consultation=many, member=alice, marks=grades)
    for _ in range(5):
        ballots.paper_ballot_enter(consultation=many, coordinator=carol, marks=grades)
    member, coordinator = client_of(alice), client_of(carol)

    with django_assert_max_num_queries(14):
        assert member.get(vote_url(many)).status_code == 200
    with django_assert_max_num_queries(16):
        assert coordinator.get(reverse("consultations:paper", args=[many.pk])).status_code == 200
