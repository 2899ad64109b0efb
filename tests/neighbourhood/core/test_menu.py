"""The main menu as the server writes it: folded behind one "Menu" button on a phone, with no
script needed (a <details>), and the unread count beside the button as well as in the menu."""

import pytest
from django.test import Client

from messaging.models import Notification
from tests.confirmations import signed_in

pytestmark = pytest.mark.django_db


def menu_of(page: str) -> str:
    start = page.index('<details class="menu" data-menu>')
    return page[start : page.index("</details>", start)]


def test_it_folds_the_menu_behind_one_button_for_a_visitor():
    menu = menu_of(Client(HTTP_ACCEPT_LANGUAGE="fr").get("/").content.decode())
    assert '<summary class="menu-button">' in menu
    assert 'aria-hidden="true"></span>Menu</summary>' in menu
    assert '<nav aria-label="Menu principal">' in menu
    assert 'href="/accounts/login/"' in menu


def test_it_shows_the_unread_count_beside_the_folded_menu_too(alice, bob):
    Notification.objects.create(user=alice, kind="swap_interest", title="Tricot", actor=bob)
    menu = menu_of(signed_in(alice).get("/").content.decode())
    summary = menu[: menu.index("</summary>")]
    assert "(1 unread)" in summary
    assert menu.count("(1 unread)</span>") == 2
    assert menu.count('id="unread-count"') == 1
