"""The glossary: one page that explains the few words a neighbour must learn, reached from every
footer and from a "?" next to those words."""

import re

import pytest
from django.test import Client

from neighbourhood.glossary import TERMS
from tests.confirmations import signed_in

pytestmark = pytest.mark.django_db


def test_it_explains_each_word_under_its_own_anchor_in_french():
    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/glossary/").content.decode()
    assert "<h1>Les mots de Voisinage</h1>" in page
    for term in TERMS:
        assert f'<dt id="{term.slug}"' in page
    for word in ("AMAP", "Distribution", "Relais", "Échange de savoirs", "Covoiturage"):
        assert f">{word}</dt>" in page
    assert "Liste de retrait" in page and "Commande de la semaine" in page


def test_every_footer_links_to_it_in_a_help_block_of_its_own(alice):
    for page in (
        Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode(),
        signed_in(alice).get("/").content.decode(),
    ):
        footer = page[page.index('<footer class="site-footer">') :]
        help_block = re.search(
            r'<nav class="footer-nav" aria-label="Help">(.*?)</nav>', footer, re.S
        )
        assert help_block and 'href="/glossary/"' in help_block.group(1)


def test_a_question_mark_next_to_amap_and_distribution_leads_to_their_meaning(quartier, alice):
    page = signed_in(alice).get(f"/quartiers/{quartier.slug}/").content.decode()
    assert 'href="/glossary/#distribution"' in page
    assert "What does “distribution” mean?" in page


def test_no_api_word_shows_on_a_members_pages_but_the_developers_page(quartier, alice):
    client = signed_in(alice)
    for url in ("/", f"/quartiers/{quartier.slug}/", "/profile/", "/swaps/mine/"):
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        # The footer's link for developers says "API for developers": that one is meant.
        text = text.replace("API for developers", "").replace("API tokens, for developers", "")
        assert not re.search(r"\b(API|JSON|token|endpoint)\b", text), url
