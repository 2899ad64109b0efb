"""What every one-tap destructive action must do (neighbourhood/pages.py, ask_first): its
address answers GET with a page that asks and changes nothing; POST does it; an outsider gets
404 either way."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from neighbourhood.accounts.models import User


def signed_in(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def asks_first_then_does(
    *,
    actor: User,
    dave: User,
    url: str,
    done: Callable[[], bool],
    query: str = "",
    data: dict[str, str] | None = None,
    asks: str = "",
) -> str:
    """Checks the whole pattern for one action; returns the page that asked."""
    client = signed_in(actor)
    response = client.get(url + query)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "No, go back" in page and f'<form method="post" action="{url}"' in page
    assert asks in page
    assert not done(), "the page that asks did it already"

    outsider = signed_in(dave)
    assert outsider.get(url + query).status_code == 404
    assert outsider.post(url, data or {}).status_code == 404
    assert not done(), "an outsider did it"

    assert client.post(url, data or {}).status_code == 302
    assert done(), "the answer Yes did not do it"
    return page
