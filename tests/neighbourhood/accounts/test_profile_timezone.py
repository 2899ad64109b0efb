"""A signed-in resident reads the site in their profile's timezone, for that request only: the
thread that served it goes back to the site's timezone, so that what runs next in it (a test, a
task run eagerly) never inherits a neighbour's Nouméa."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_profile_timezone_holds_for_its_request_only() -> None:
    reader = UserFactory.create(timezone="Pacific/Noumea")
    client = Client()
    client.force_login(reader)
    during: list[str] = []

    def note_zone(**_kwargs: object) -> None:
        during.append(timezone.get_current_timezone_name())

    # The test client sends request_finished when the response is closed, after the
    # middleware: what the thread is left with.
    request_finished.connect(note_zone)
    try:
        assert client.get("/quartiers/").status_code == 200
    finally:
        request_finished.disconnect(note_zone)
    assert during == [settings.TIME_ZONE]
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
