"""The pages every footer links to (accessibility, legal notice, privacy) and the site's icons.

The three texts are long and read as a whole (by the operator, a lawyer, an accessibility
auditor), so each language has its own template, ``templates/pages/<page>.<language>.html``,
rather than a hundred catalogue entries; short words around them (titles, the footer) are in
the catalogues as everywhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def _page(
    request: HttpRequest, name: str, context: dict[str, object] | None = None
) -> HttpResponse:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    templates = [f"pages/{name}.{language}.html", f"pages/{name}.{settings.LANGUAGE_CODE}.html"]
    return render(request, templates, {"legal": settings.LEGAL_NOTICE} | (context or {}))


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility")


@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _page(request, "legal_notice")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, "privacy")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page links to.
    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))


@require_safe
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """What a phone shows when a neighbour adds the site to their home screen."""
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ] + [{"src": static("icons/voisinage.svg"), "sizes": "any", "type": "image/svg+xml"}]
    response = JsonResponse(
        {
            "name": "Voisinage",
            "short_name": "Voisinage",
            "start_url": "/",
            "display": "browser",
            "background_color": "#ffffff",
            "theme_color": "#1f5f3a",
            "icons": icons,
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response
