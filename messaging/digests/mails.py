"""The digest mails of a chunk: its three templates compiled once per process, each reader's
mail rendered in their language and timezone, one switch of language and timezone for all the
readers who share them."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from messaging.digests import tokens
from messaging.digests.contents import Contents

SUBJECT, TEXT, HTML = "emails/digest_subject.txt", "emails/digest.txt", "emails/digest.html"


@functools.cache
def _template(name: str) -> Template:
    return Engine.get_default().get_template(name)


def _render(name: str, context: dict[str, Any], *, autoescape: bool) -> str:
    # Plain text (subject, text part) is never HTML-escaped: "Pentes & Croix-Rousse", not
    # "&amp;" (as `messaging.services.mail.render_text`); the HTML part is.
    return _template(name).render(Context(context, autoescape=autoescape))


def messages_for(contents: list[Contents]) -> dict[int, EmailMultiAlternatives]:
    """Each reader's digest mail, by user id: a text and an HTML part and the one-click
    unsubscribe headers of RFC 8058."""
    together: dict[tuple[str, str], list[Contents]] = defaultdict(list)
    for one in contents:
        together[(one.reader.user.language, one.reader.user.timezone)].append(one)
    messages = {}
    for (language, zone), group in together.items():
        with translation.override(language), timezone.override(zone):
            settings_link = settings.SITE_URL + reverse("messaging:digest_settings")
            for one in group:
                messages[one.reader.user.pk] = _message(one, settings_link)
    return messages


def message_for(contents: Contents) -> EmailMultiAlternatives:
    """One reader's digest mail."""
    return messages_for([contents])[contents.reader.user.pk]


def _message(contents: Contents, settings_link: str) -> EmailMultiAlternatives:
    """Rendered in the language and timezone active for the reader."""
    user = contents.reader.user
    unsubscribe = settings.SITE_URL + reverse(
        "messaging:digest_unsubscribe", kwargs={"token": tokens.for_user(user)}
    )
    context = {
        "user": user,
        "contents": contents,
        "site_url": settings.SITE_URL,
        "settings_link": settings_link,
        "unsubscribe_link": unsubscribe,
    }
    subject = " ".join(_render(SUBJECT, context, autoescape=False).split())  # one line
    text = _render(TEXT, context, autoescape=False)
    # The subject as the HTML part shows it (escaped), rendered once for its title and heading.
    context["subject_html"] = mark_safe(_render(SUBJECT, context, autoescape=True))  # noqa: S308
    html = _render(HTML, context, autoescape=True)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        # Never empty: only residents with an address are due a digest (schedule.due_user_ids).
        to=[user.email or ""],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
