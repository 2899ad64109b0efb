"""A stored file as a download (`exports.stored`): streamed from storage when it is built for
its owner's state now; else its build is queued and a page says it is being prepared (202,
`Retry-After`), refreshing itself to the file, with a way back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from exchanges.produce.exports import stored


@dataclass(frozen=True)
class Download:
    """How the file is offered: its name, what it is, and where the page being prepared
    leads back to."""

    filename: str
    title: str  # "Pick-up list", "Payment schedule · Légumes"
    heading: str  # the page's heading while it is being prepared
    back_url: str
    back_label: str


def stored_file(request: HttpRequest, file: stored.StoredFile, download: Download) -> HttpResponse:
    opened = file.open()
    if opened is not None:
        streamed = FileResponse(
            opened,
            as_attachment=file.fmt == "csv",  # a PDF opens in the browser, to print
            filename=download.filename,
            content_type=file.content_type,
        )
        return cast(HttpResponse, streamed)  # the decorators take any response
    file.queue_build()
    response = render(
        request,
        "exchanges/produce/report_preparing.html",
        {
            "download": download,
            "fmt": file.fmt.upper(),
            "progress": file.progress(),
            "retry": stored.retry_seconds(),
        },
        status=202,
    )
    response["Retry-After"] = str(stored.retry_seconds())
    response["Cache-Control"] = "no-store"
    return response
