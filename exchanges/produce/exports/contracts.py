"""The papers of a contract's money, in the quartier's language whoever prints them: the
contract to sign (the member's copy and the producer's, one page each), the payment schedule
the producer receives with the cheques, and the treasurer's month (PDF and CSV).

The contract to sign is two pages whoever signs it, built in the request. The schedule grows
with the subscribers (1.8 s for 120 of them, ten cheques each) and the treasurer's month with
the quartier: they are built as bytes by the `reports` queue and served from storage
(`exports.stored`), named here for the response that serves them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.http import HttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from exchanges.produce.exports import common
from exchanges.produce.exports.printed import Sheet, pdf_bytes
from exchanges.produce.exports.spreadsheet import csv_body
from exchanges.produce.models import Contract, Instalment, Subscription
from exchanges.produce.progress import Progress
from exchanges.produce.subscribers import ContractSubscriptions, ProducerMonth
from neighbourhood.quartiers.models import Quartier


class Paper(Sheet):
    """The printed reports' styles, tables and amounts, for the contracts' papers."""

    def plan_rows(self, instalments: Sequence[Instalment]) -> list[list[Flowable | str]]:
        return [
            [
                self.text(str(instalment.position)),
                self.text(date_format(instalment.due_month, "F Y")),
                self.text(instalment.get_method_display()),
                self.text(instalment.cheque_number),
                self.text(instalment.bank),
                self.amount(instalment.amount_cents),
            ]
            for instalment in instalments
        ]

    def plan(self, instalments: Sequence[Instalment], total_cents: int) -> Flowable:
        rows = self.plan_rows(instalments)
        rows.append([self.text(_("Total"), style="bold"), "", "", "", "", self.amount(total_cents)])
        header = ["#", _("Cashed in"), _("Paid by"), _("Cheque number"), _("Bank"), _("Amount")]
        return self.table(header, rows, [10, 34, 34, 34, 40, 28], numbers=(5,), total=True)


def _pdf(title: str, story: list[Flowable], filename: str, language: str) -> HttpResponse:
    response = HttpResponse(
        pdf_bytes(story, title=title, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response


def contract_pdf(
    subscription: Subscription, *, baskets: Sequence[datetime.date], instalments: list[Instalment]
) -> HttpResponse:
    """Two pages alike but for whose copy it is: the terms, the share, the dates, the total,
    the plan, and a box for each signature."""
    contract = subscription.contract
    quartier = contract.producer.quartier
    with translation.override(quartier.language):
        paper = Paper()
        story: list[Flowable] = []
        for copy in (_("Member's copy"), _("Producer's copy")):
            if story:
                story.append(PageBreak())
            story += [
                paper.text(contract.title, style="title"),
                paper.text(copy, style="subtitle"),
                paper.text(
                    _("Between %(member)s and %(farm)s (%(name)s), through the AMAP of %(q)s.")
                    % {
                        "member": subscription.member_name,
                        "farm": contract.producer.farm_name,
                        "name": contract.producer.name,
                        "q": quartier.name,
                    }
                ),
                paper.text(_("The share"), style="heading"),
                paper.text(
                    _("%(shares)s × %(size)s at %(price)s a distribution, from %(start)s.")
                    % {
                        "shares": subscription.shares,
                        "size": subscription.size.name,
                        "price": paper.money(subscription.size.price_cents),
                        "start": date_format(subscription.starts_on, "j F Y"),
                    }
                ),
                paper.text(
                    _("Baskets (%(count)s): %(dates)s.")
                    % {
                        "count": len(baskets),
                        "dates": ", ".join(date_format(day, "j/m") for day in baskets),
                    }
                ),
                paper.text(_("The payment plan"), style="heading"),
                paper.plan(instalments, subscription.total_cents),
                paper.text(_("The terms"), style="heading"),
                paper.text(*contract.terms.splitlines()),
                Spacer(1, 24),
                paper.table(
                    [_("The member"), _("The producer")],
                    [["", ""]],
                    [90, 90],
                    padding=28,
                ),
            ]
        filename = f"{slugify(contract.title)}-{slugify(subscription.member_name)}.pdf"
        return _pdf(contract.title, story, filename, quartier.language)


def schedule_title(contract: Contract) -> str:
    return _("Payment schedule · %(title)s") % {"title": contract.title}


def schedule_filename(contract: Contract) -> str:
    with translation.override(contract.producer.quartier.language):
        return f"{slugify(schedule_title(contract))}.pdf"


def schedule_pdf(
    contract: Contract, lists: ContractSubscriptions, progress: Progress | None = None
) -> bytes:
    """For the producer, with the cheques: each member's instalments, then the totals a month.
    `progress` counts the subscriptions laid out."""
    quartier = contract.producer.quartier
    progress = progress or Progress()
    progress.start(len(lists.active))
    with translation.override(quartier.language):
        paper = Paper()
        title = schedule_title(contract)
        story: list[Flowable] = [
            paper.text(title, style="title"),
            paper.text(
                f"{contract.producer.farm_name} ({contract.producer.name})", style="subtitle"
            ),
        ]
        months: dict[datetime.date, int] = {}
        for subscription in lists.active:
            progress.step()
            instalments = list(subscription.instalments.all())
            for instalment in instalments:
                months[instalment.due_month] = (
                    months.get(instalment.due_month, 0) + instalment.amount_cents
                )
            heading = f"{subscription.member_name} · {subscription.shares} × "
            heading += subscription.size.name
            story.append(
                KeepTogether(
                    [
                        paper.text(heading, style="heading"),
                        paper.plan(instalments, subscription.total_cents),
                    ]
                )
            )
        if not lists.active:
            story.append(paper.text(_("Nobody has subscribed yet.")))
        rows: list[list[Flowable | str]] = [
            [paper.text(date_format(month, "F Y")), paper.amount(cents)]
            for month, cents in sorted(months.items())
        ]
        rows.append([paper.text(_("Total"), style="bold"), paper.amount(lists.total_cents)])
        story += [
            paper.text(_("Per month"), style="heading"),
            paper.table([_("Month"), _("Amount")], rows, [120, 60], numbers=(1,), total=True),
        ]
        return pdf_bytes(story, title=title, language=quartier.language)


def treasury_title(month: datetime.date) -> str:
    return _("Due in %(month)s") % {"month": date_format(month, "F Y")}


def treasury_filename(quartier: Quartier, month: datetime.date, fmt: str) -> str:
    with translation.override(quartier.language):
        return f"{slugify(treasury_title(month))}.{fmt}"


def treasury_pdf(
    quartier: Quartier,
    month: datetime.date,
    rows: list[ProducerMonth],
    progress: Progress | None = None,
) -> bytes:
    """`progress` counts the producers laid out."""
    progress = progress or Progress()
    progress.start(len(rows))
    with translation.override(quartier.language):
        paper = Paper()
        title = treasury_title(month)
        story: list[Flowable] = [
            paper.text(title, style="title"),
            paper.text(quartier.name, style="subtitle"),
        ]
        for producer in rows:
            progress.step()
            lines: list[list[Flowable | str]] = [
                [
                    paper.text(instalment.subscription.member_name),
                    paper.text(instalment.subscription.contract.title),
                    paper.text(instalment.get_method_display(), instalment.cheque_number),
                    paper.text(instalment.get_state_display()),
                    paper.amount(instalment.amount_cents),
                ]
                for instalment in producer.instalments
            ]
            lines.append(
                [
                    paper.text(_("Total"), style="bold"),
                    "",
                    "",
                    "",
                    paper.amount(producer.total_cents),
                ]
            )
            header = [_("Member"), _("Contract"), _("Paid by"), _("State"), _("Amount")]
            story.append(
                KeepTogether(
                    [
                        paper.text(producer.producer.farm_name, style="heading"),
                        paper.table(header, lines, [45, 45, 35, 30, 25], numbers=(4,), total=True),
                    ]
                )
            )
        if not rows:
            story.append(paper.text(_("Nothing is due this month.")))
        return pdf_bytes(story, title=title, language=quartier.language)


def treasury_rows(rows: list[ProducerMonth]) -> Iterator[Sequence[str | int]]:
    yield [
        _("Producer"),
        _("Member"),
        _("Contract"),
        _("Number"),
        _("Paid by"),
        _("Cheque number"),
        _("Bank"),
        _("State"),
        _("Amount (€)"),
    ]
    for producer in rows:
        for instalment in producer.instalments:
            yield [
                producer.producer.farm_name,
                instalment.subscription.member_name,
                instalment.subscription.contract.title,
                instalment.position,
                instalment.get_method_display(),
                instalment.cheque_number,
                instalment.bank,
                instalment.get_state_display(),
                common.amount(instalment.amount_cents),
            ]


def treasury_csv(quartier: Quartier, rows: list[ProducerMonth]) -> bytes:
    with translation.override(quartier.language):
        return csv_body(treasury_rows(rows))
