"""A knowledge swap, from the first offer to the exchange that took place, on a small phone.

Amélie and Bernard are members of Les Pentes, and read the site in English. Amélie offers to
teach Spanish conversation (sent empty once first: the errors show, nothing is saved) and asks
for help with her smartphone. Bernard offers that help and asks to learn Spanish; "My swaps"
tells him, in words, that he and Amélie can teach each other. He says he is interested, which
opens a conversation; Amélie is notified, answers, and Bernard marks the exchange as held and
says how it went: the swap page then counts one exchange. The quartier's feed shows the offers
newest first.

Each page on the way is photographed at 360 px wide under test-artifacts/ and, with JavaScript
on, audited with axe-core (no serious or critical violation) and checked for sideways scrolling.
The story runs twice: with JavaScript, and without it, to prove nothing depends on a script.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from exchanges.swaps import kinds as swap_kinds
from exchanges.swaps.models import Evaluation, Exchange, Swap
from messaging.models import Message, Notification
from neighbourhood.quartiers.models import Quartier
from tests.e2e.story import Story, exactly, logs_in, main_menu
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = "swaps"

TEACH = "I teach: I offer to share something I know"
LEARN = "I learn: I am looking for someone to teach me"
QUARTIER_NAME = "Les Pentes"
QUARTIER_SLUG = "les-pentes"
AMELIE_EMAIL = "amelie@example.org"
BERNARD_EMAIL = "bernard@example.org"

SPANISH_OFFER = "Conversation en espagnol"
SPANISH_LINK = "https://cvc.cervantes.es/ensenanza/"
SPANISH_DESCRIPTION = (
    "Une heure par semaine, autour d'un café, pour parler de tout et de rien.\n"
    f"Pour se préparer, les fiches du Centro Virtual Cervantes : {SPANISH_LINK}"
)
SMARTPHONE_REQUEST = "Aide avec mon smartphone"
SMARTPHONE_OFFER = "Aide smartphone"
SPANISH_REQUEST = "Apprendre l'espagnol"
INTEREST_MESSAGE = "Bonjour Amélie ! J'aimerais beaucoup parler espagnol, le mardi après-midi."
ANSWER = "Avec plaisir, Bernard. Mardi 15 h au café de la place Sathonay ?"
EVALUATION = "Une heure passée très vite, et Amélie a de la patience. Merci !"

# A form far down a page posts to #form-errors, so that a refusal shows without JavaScript; a
# redirect after success keeps that fragment, harmlessly (nothing has that id then).
SWAP_PAGE = re.compile(r"/swaps/(\d+)/(#form-errors)?$")
CONVERSATION_PAGE = re.compile(r"/conversations/(\d+)/(#latest|#form-errors)?$")


@pytest.fixture
def les_pentes(transactional_db) -> Quartier:
    quartier = QuartierFactory.create(name=QUARTIER_NAME, slug=QUARTIER_SLUG)
    for email, name in ((AMELIE_EMAIL, "Amélie"), (BERNARD_EMAIL, "Bernard")):
        user = UserFactory.create(email=email, display_name=name, language="en")
        MembershipFactory.create(quartier=quartier, user=user)
    return quartier


def test_two_neighbours_swap_what_they_know(story: Story, new_phone, les_pentes) -> None:
    amelie = new_phone(javascript=story.javascript).new_page()
    logs_in(story, amelie, AMELIE_EMAIL, name="01-login")
    spanish_id = offers_spanish_conversation(story, amelie)
    asks_for_smartphone_help(story, amelie)

    bernard = new_phone(javascript=story.javascript).new_page()
    logs_in(story, bernard, BERNARD_EMAIL)
    publishes_his_offer_and_his_request(story, bernard)
    finds_the_reciprocal_match(story, bernard)
    conversation_id = says_he_is_interested(story, bernard)

    is_notified_and_answers(story, amelie, conversation_id)

    marks_the_exchange_held_and_evaluates(story, bernard, conversation_id, spanish_id)
    sees_the_exchange_counted(story, amelie, spanish_id)
    finds_both_offers_in_the_feed(story, amelie)


def fill_swap(page: Page, *, title_label: str, title: str, category: str, tags: str) -> None:
    page.get_by_label(exactly(title_label)).fill(title)
    page.get_by_label(exactly("Description")).fill(
        SPANISH_DESCRIPTION if title == SPANISH_OFFER else f"{title} : une heure, sans se presser."
    )
    page.get_by_label(exactly("Category")).select_option(label=category)
    page.get_by_label(exactly("Key words")).fill(tags)


def publish(page: Page, story: Story, title: str) -> int:
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(SWAP_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text(
        "Your swap is published. Your neighbours can see it."
    )
    found = SWAP_PAGE.search(page.url)
    assert found
    return int(found.group(1))


def offers_spanish_conversation(story: Story, page: Page) -> int:
    my_quartiers = page.get_by_role("region", name="My quartiers")
    my_quartiers.get_by_role("link", name=QUARTIER_NAME).click()
    expect(page).to_have_url(story.url + f"/quartiers/{QUARTIER_SLUG}/")
    expect(page.get_by_text("You are a member of this quartier.")).to_be_visible()
    story.look_at(page, "02-quartier-member")

    page.get_by_role("link", name=TEACH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEACH)
    story.look_at(page, "03-offer-form")

    # Sent without a title: the form says what is missing, next to it, and nothing is saved.
    page.get_by_role("button", name="Publish").click()
    story.sees_the_errors(page)
    expect(page.get_by_label(exactly("What can you teach?"))).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TEACH)
    story.look_at(page, "04-offer-errors")
    assert not Swap.objects.exists()

    fill_swap(
        page,
        title_label="What can you teach?",
        title=SPANISH_OFFER,
        category="Languages",
        tags="espagnol, conversation",
    )
    story.look_at(page, "05-offer-filled")
    swap_id = publish(page, story, SPANISH_OFFER)

    expect(page.get_by_text("Amélie offers to teach")).to_be_visible()
    # The address in the description is a link, and a long one does not widen the page.
    expect(page.get_by_role("link", name=SPANISH_LINK)).to_have_attribute("href", SPANISH_LINK)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("espagnol")
    expect(facts).to_contain_text("conversation")
    expect(page.get_by_text("This swap has led to 0 exchanges.")).to_be_visible()
    story.look_at(page, "06-offer-published")

    swap = Swap.objects.get(pk=swap_id)
    assert (swap.kind, swap.category, swap.tags) == (
        Swap.Kind.OFFER,
        "languages",
        ["espagnol", "conversation"],
    )
    return swap_id


def asks_for_smartphone_help(story: Story, page: Page) -> None:
    # From her offer, to the quartier's news, where she can also ask.
    page.get_by_role("link", name=f"Back to the news of {QUARTIER_NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"What's new in {QUARTIER_NAME}")
    page.get_by_role("link", name=LEARN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LEARN)
    fill_swap(
        page,
        title_label="What would you like to learn?",
        title=SMARTPHONE_REQUEST,
        category="Digital skills",
        tags="smartphone",
    )
    story.look_at(page, "07-request-filled")
    publish(page, story, SMARTPHONE_REQUEST)
    expect(page.get_by_text("Amélie would like to learn")).to_be_visible()


def publishes_his_offer_and_his_request(story: Story, page: Page) -> None:
    publishes_from_the_quartier(
        story,
        page,
        TEACH,
        title_label="What can you teach?",
        title=SMARTPHONE_OFFER,
        category="Digital skills",
        tags="smartphone",
    )
    publishes_from_the_quartier(
        story,
        page,
        LEARN,
        title_label="What would you like to learn?",
        title=SPANISH_REQUEST,
        category="Languages",
        tags="espagnol",
    )
    story.look_at(page, "08-request-published")


def publishes_from_the_quartier(story: Story, page: Page, link: str, **swap: str) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("link", name=link).click()
    fill_swap(page, **swap)
    publish(page, story, swap["title"])


def finds_the_reciprocal_match(story: Story, page: Page) -> None:
    main_menu(page).get_by_role("link", name="My swaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My knowledge swaps")
    suggestions = page.get_by_role("region", name="Suggestions for you")
    expect(suggestions.get_by_role("heading", name=f"For “{SPANISH_REQUEST}”")).to_be_visible()
    match = suggestions.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=SPANISH_OFFER)
    )
    expect(match).to_contain_text("Amélie can teach it")
    expect(match).to_contain_text("Reciprocal: you can teach each other")
    # And the other way round: what he can teach fits what Amélie asks for.
    expect(suggestions.get_by_role("listitem").filter(has_text=SMARTPHONE_REQUEST)).to_contain_text(
        "Amélie would like to learn it"
    )
    story.look_at(page, "09-my-swaps-reciprocal")
    match.get_by_role("link", name=SPANISH_OFFER).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SPANISH_OFFER)


def says_he_is_interested(story: Story, page: Page) -> int:
    interested = page.get_by_role("region", name="Interested?")
    expect(interested).to_contain_text("Amélie will be told")
    story.look_at(page, "10-offer-seen-by-bernard")
    interested.get_by_label(exactly("A message for the author")).fill(INTEREST_MESSAGE)
    interested.get_by_role("button", name="I’m interested").click()

    expect(page).to_have_url(CONVERSATION_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(SPANISH_OFFER)
    expect(page.get_by_role("status")).to_contain_text(
        "Amélie is told. You can write to them here."
    )
    thread = page.get_by_role("region", name="Messages")
    expect(thread.get_by_role("listitem").last).to_contain_text(INTEREST_MESSAGE)
    expect(thread.get_by_role("listitem").last).to_contain_text("Bernard")
    story.look_at(page, "11-conversation-started")

    found = CONVERSATION_PAGE.search(page.url)
    assert found
    return int(found.group(1))


def is_notified_and_answers(story: Story, page: Page, conversation_id: int) -> None:
    story.visit(page, "/")
    menu = main_menu(page)
    notifications = menu.get_by_role("link", name="Notifications (1 unread)")
    expect(notifications).to_be_visible()
    story.look_at(page, "12-home-one-unread")
    notifications.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notice = page.get_by_role("main").get_by_role("listitem").filter(has_text="Unread")
    expect(notice).to_contain_text(f"Bernard is interested in “{SPANISH_OFFER}”")
    story.look_at(page, "13-notifications")
    notice.get_by_role("link", name=f"Bernard is interested in “{SPANISH_OFFER}”").click()

    expect(page).to_have_url(story.url + f"/conversations/{conversation_id}/")
    thread = page.get_by_role("region", name="Messages")
    expect(thread).to_contain_text(INTEREST_MESSAGE)
    # Known gap, not asserted: opening a notification does not mark it read (only "Mark all as
    # read" does), so the menu still says "(1 unread)" here.
    page.get_by_label(exactly("Your message")).fill(ANSWER)
    story.look_at(page, "14-conversation-answering")
    page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(story.url + f"/conversations/{conversation_id}/#latest")
    expect(thread.get_by_role("listitem").last).to_contain_text(ANSWER)
    expect(thread.get_by_role("listitem").last).to_contain_text("Amélie")
    expect(page.get_by_label(exactly("Your message"))).to_have_value("")
    story.look_at(page, "15-conversation-answered")
    assert list(
        Message.objects.filter(conversation_id=conversation_id).values_list("body", flat=True)
    ) == [INTEREST_MESSAGE, ANSWER]


def marks_the_exchange_held_and_evaluates(
    story: Story, page: Page, conversation_id: int, swap_id: int
) -> None:
    story.visit(page, f"/conversations/{conversation_id}/")
    expect(page.get_by_role("region", name="Messages")).to_contain_text(ANSWER)
    page.get_by_role("link", name="See what it is about").click()

    expect(page).to_have_url(story.url + f"/swaps/{swap_id}/")
    exchange = page.get_by_role("region", name="Your exchange")
    expect(exchange.get_by_role("heading", name="With Amélie")).to_be_visible()
    # In touch already: no second "I'm interested".
    expect(page.get_by_role("button", name="I’m interested")).to_have_count(0)
    story.look_at(page, "16-exchange-in-touch")
    exchange.get_by_role("button", name="Mark as held: it took place").click()

    expect(page.get_by_role("status")).to_contain_text("Noted: the exchange took place.")
    expect(exchange).to_contain_text("Took place")
    expect(page.get_by_text("This swap has led to 1 exchange.")).to_be_visible()
    story.look_at(page, "17-exchange-held")

    # Sent empty first: said next to the field, and nothing is saved.
    exchange.get_by_role("button", name="Send").click()
    story.sees_the_errors(page)
    expect(page.get_by_label(exactly("How did it go?"))).to_have_attribute("aria-invalid", "true")
    story.look_at(page, "18-evaluation-errors")
    assert not Evaluation.objects.exists()

    page.get_by_label(exactly("How did it go?")).fill(EVALUATION)
    page.get_by_role("region", name="Your exchange").get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(rf"/swaps/{swap_id}/(#form-errors)?$"))
    expect(page.get_by_role("status")).to_contain_text("Thank you for your words.")
    exchange = page.get_by_role("region", name="Your exchange")
    expect(exchange.get_by_role("blockquote")).to_contain_text(EVALUATION)
    expect(exchange.get_by_label(exactly("How did it go?"))).to_have_count(0)
    expect(page.get_by_text("This swap has led to 1 exchange.")).to_be_visible()
    story.look_at(page, "19-exchange-evaluated")

    held = Exchange.objects.get(swap_id=swap_id)
    assert held.held_at is not None
    assert held.member.email == BERNARD_EMAIL
    assert held.evaluations.get().text == EVALUATION


def sees_the_exchange_counted(story: Story, page: Page, swap_id: int) -> None:
    story.visit(page, f"/swaps/{swap_id}/")
    expect(page.get_by_text("This swap has led to 1 exchange.")).to_be_visible()
    exchanges = page.get_by_role("region", name="Exchanges about this swap")
    expect(exchanges.get_by_role("heading", name="With Bernard")).to_be_visible()
    expect(exchanges.get_by_role("blockquote")).to_contain_text(EVALUATION)
    # Bernard's "it took place" reached her too.
    assert Notification.objects.filter(
        user__email=AMELIE_EMAIL, kind=swap_kinds.EXCHANGE_HELD
    ).exists()
    story.look_at(page, "20-author-sees-the-exchange")


def finds_both_offers_in_the_feed(story: Story, page: Page) -> None:
    story.visit(page, f"/quartiers/{QUARTIER_SLUG}/")
    page.get_by_role("link", name="The news of the quartier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"What's new in {QUARTIER_NAME}")
    entries = page.get_by_role("region", name="Latest entries").get_by_role("heading", level=3)
    # Everything, newest first; the filters folded away, so the news starts on the first screen.
    expect(entries).to_have_text(
        [SPANISH_REQUEST, SMARTPHONE_OFFER, SMARTPHONE_REQUEST, SPANISH_OFFER]
    )
    show = page.get_by_label(exactly("Show"))
    expect(show).to_be_hidden()
    expect(page.get_by_role("heading", name="Latest entries")).to_be_in_viewport()
    story.look_at(page, "21-feed")

    page.get_by_text("Choose what to see").click()
    show.select_option(label="Offer to teach")
    story.look_at(page, "22-feed-filters")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?kind=swap_offer"))
    # Only the offers, newest first; the filters stay open, showing what was chosen.
    expect(entries).to_have_text([SMARTPHONE_OFFER, SPANISH_OFFER])
    expect(show).to_have_value("swap_offer")
    story.look_at(page, "23-feed-offers")
