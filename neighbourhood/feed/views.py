from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neighbourhood.feed import selectors, services
from neighbourhood.feed.cards import entry_card
from neighbourhood.feed.forms import FeedFilterForm
from neighbourhood.feed.kinds import publish_links
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator, get_quartier_for_member


@login_required
def feed(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = get_quartier_for_member(user=request.user, slug=slug)
    form = FeedFilterForm(request.GET)
    page = None
    if form.is_valid():
        try:
            page = selectors.feed_page(
                quartier=quartier,
                viewer=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["q"],
                mine=form.cleaned_data["mine"],
                cursor=request.GET.get("cursor", ""),
            )
        except ValidationError as error:
            # A page link that was cut or changed by hand: said at the top, with a way back.
            add_service_errors(form, error)
    return render(
        request,
        "feed/feed.html",
        {
            "quartier": quartier,
            "membership": membership,
            "form": form,
            "page": page,
            "cards": [(entry, entry_card(entry)) for entry in page.entries] if page else [],
            "top": page_top(request, quartier, form),
            "deep": bool(request.GET.get("cursor")),
            "hidden": (
                selectors.hidden_entries(quartier=quartier) if membership.is_coordinator else []
            ),
        },
        status=200 if page is not None else 400,
    )


# The top of the page when no filter is chosen, by language, quartier and whether the address
# has a query (a page link): the same for every member, rendered once per process. It names no
# user, holds no form token, and changes only with a new release (templates, kinds, words).
_plain_tops: dict[tuple[str, str, bool], SafeString] = {}
PLAIN_TOPS_KEPT = 2_000


def page_top(
    request: AuthenticatedHttpRequest, quartier: Quartier, form: FeedFilterForm
) -> SafeString:
    """The ways to publish and the filters (templates/feed/_top.html)."""
    chosen = any(request.GET.get(name) for name in FeedFilterForm.base_fields)
    plain = not chosen and form.is_valid()
    key = (get_language(), quartier.slug, bool(request.GET))
    if plain and key in _plain_tops:
        return _plain_tops[key]
    top = SafeString(
        render_to_string(
            "feed/_top.html",
            {
                "quartier": quartier,
                "form": form,
                "publish_links": publish_links(),
                "open": chosen or bool(form.errors),
                "any_query": bool(request.GET),
            },
        )
    )
    if plain:
        if len(_plain_tops) >= PLAIN_TOPS_KEPT:
            _plain_tops.clear()
        _plain_tops[key] = top
    return top


@login_required
@require_POST
def entry_hide(request: AuthenticatedHttpRequest, slug: str, entry_id: int) -> HttpResponse:
    quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
    entry = selectors.get_entry_in(quartier=quartier, entry_id=entry_id)
    hide = request.POST.get("hidden", "1") != "0"
    services.feed_entry_hide(entry=entry, actor=request.user, hidden=hide)
    if hide:
        messages.success(
            request, _("“%(title)s” is hidden from the feed.") % {"title": entry.title}
        )
    else:
        messages.success(request, _("“%(title)s” is back in the feed.") % {"title": entry.title})
    return redirect("feed:feed", slug=quartier.slug)
