"""The digest mails of a chunk: the templates compiled once per process, one switch of language
and timezone for all the readers who share them, and each item's line rendered once for all
of them, across chunks (neighbours of a quartier read the same new swaps and rides): a mail's
template then lays out its blocks and sections around lines already written."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeData, SafeString, mark_safe

from messaging.digests import tokens
from messaging.digests.contents import Contents
from messaging.digests.sections import Item, Section
from neighbourhood.quartiers.models import Quartier

SUBJECT, TEXT, HTML = "emails/digest_subject.txt", "emails/digest.txt", "emails/digest.html"
ITEM_TEXT, ITEM_HTML = "emails/digest_item.txt", "emails/digest_item.html"


@dataclass(frozen=True)
class Shown:
    """A part of the digest as the mail shows it: its items' lines, text and HTML."""

    section: Section
    more: int
    text: str
    html: SafeString


@dataclass(frozen=True)
class ShownBlock:
    quartier: Quartier | None
    parts: list[Shown]
    link: str  # the quartier's page, for "and 3 more on the site"


# Lines kept rendered: an item's line (its title, link, note and date) is the same for every
# reader who shares a language and a timezone, across the chunks a worker sends. Full, they
# measured 3.3 MiB (keys and lines) over the benchmark's residents; 85% of the lines shown over
# its first 4,000 residents came from them.
LINES_KEPT = 8_192


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
            # The lines of this language and timezone, by item: the readers of a chunk share
            # many items (those of their quartier that fit none of their own swaps or requests).
            lines = Lines(translation.get_language(), timezone.get_current_timezone_name())
            for one in group:
                messages[one.reader.user.pk] = _message(one, settings_link, lines)
    return messages


def message_for(contents: Contents) -> EmailMultiAlternatives:
    """One reader's digest mail."""
    return messages_for([contents])[contents.reader.user.pk]


class Line(NamedTuple):
    """An item as its line shows it, its translations done: what the lines are kept by."""

    title: str
    url: str
    note: str
    when: datetime.datetime | None
    # A title or note marked safe is shown unescaped: never the same line as the same words
    # written by a resident (equal strings, equal keys otherwise).
    marked_safe: bool


@functools.lru_cache(maxsize=LINES_KEPT)
def _rendered(line: Line, language: str, zone: str, site_url: str) -> tuple[str, SafeString]:
    """The line's text and HTML in ``language`` and ``zone`` (the active ones: they are in the
    arguments to keep each language's and timezone's lines apart)."""
    context = {"item": line, "site_url": site_url}
    text = _render(ITEM_TEXT, context, autoescape=False)
    return text, mark_safe(_render(ITEM_HTML, context, autoescape=True))  # noqa: S308


class Lines:
    """The lines of one language and timezone (the active ones), by item, for one call of
    `messages_for`: an item is turned into its `Line` once however many readers show it."""

    def __init__(self, language: str, zone: str) -> None:
        self.language, self.zone = language, zone
        self.by_item: dict[int, tuple[str, SafeString]] = {}  # by id(): the items outlive it

    def of(self, item: Item) -> tuple[str, SafeString]:
        shown = self.by_item.get(id(item))
        if shown is None:
            # str(): a lazy title or note in the active language, as the template would show it.
            title, note = str(item.title), str(item.note)
            marked_safe = isinstance(title, SafeData) or isinstance(note, SafeData)
            line = Line(title, item.url, note, item.when, marked_safe)
            shown = _rendered(line, self.language, self.zone, settings.SITE_URL)
            self.by_item[id(item)] = shown
        return shown


@functools.lru_cache(maxsize=4_096)
def _quartier_link(site_url: str, slug: str) -> str:
    return site_url + reverse("quartiers:detail", kwargs={"slug": slug})


def _blocks(contents: Contents, lines: Lines) -> list[ShownBlock]:
    blocks = []
    for block in contents.blocks:
        parts = []
        for part in block.parts:
            shown = [lines.of(item) for item in part.items]
            text = "".join(line[0] for line in shown)
            html = mark_safe("".join(line[1] for line in shown))  # noqa: S308 (escaped lines)
            parts.append(Shown(part.section, part.more, text, html))
        link = _quartier_link(settings.SITE_URL, block.quartier.slug) if block.quartier else ""
        blocks.append(ShownBlock(block.quartier, parts, link))
    return blocks


def _message(contents: Contents, settings_link: str, lines: Lines) -> EmailMultiAlternatives:
    """Rendered in the language and timezone active for the reader."""
    user = contents.reader.user
    unsubscribe = settings.SITE_URL + reverse(
        "messaging:digest_unsubscribe", kwargs={"token": tokens.for_user(user)}
    )
    context = {
        "user": user,
        "contents": contents,
        "blocks": _blocks(contents, lines),
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
