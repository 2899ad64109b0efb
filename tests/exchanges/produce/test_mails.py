"""The mails of a cycle's close are plain text: a title with "&" or "<" stays as written in
their subjects and bodies."""

import pytest
from django.core import mail

from exchanges.produce import mails, services
from tests.exchanges.produce.conftest import offer_id

pytestmark = pytest.mark.django_db


def test_the_close_mails_keep_the_cycle_title_as_written(
    cycle, alice, carol, eggs, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"  # producers without an account read the site's language
    carol.language = "en"
    carol.save(update_fields=["language"])
    services.order_place(cycle=cycle, member=alice, quantities={offer_id(cycle, eggs): 2})
    cycle.title = "Œufs & fromages <mardi>"
    cycle.save(update_fields=["title"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mails.queue_close_reports(cycle)

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0].startswith("Orders closed: Œufs & fromages <mardi>")
    assert subjects[1].startswith("Orders for Œufs & fromages <mardi>, distribution of ")
    assert all("&amp;" not in m.body and "&lt;" not in m.body for m in mail.outbox)
