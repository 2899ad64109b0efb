"""The suggestions an address field shows as one types (static/js/places.js): the same
candidates as the form's second step, as JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from neighbourhood.places.geocoding import GeocoderUnavailable
from neighbourhood.places.limits import lookup_allowed
from neighbourhood.places.sources import find_places
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.quartiers.models import Quartier

MIN_QUERY_LENGTH = 3


@never_cache
@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """``?q=words`` (and ``&quartier=slug`` for a quartier's own places and its surroundings):
    for signed-in residents, members of that quartier. 404 for a quartier one is not in."""
    if not request.user.is_authenticated:
        return JsonResponse({"results": [], "message": _("Please log in first.")}, status=403)
    quartier: Quartier | None = None
    slug = request.GET.get("quartier", "")
    if slug:
        try:
            quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
        except Http404:
            return JsonResponse({"results": [], "message": _("Page not found.")}, status=404)
    if not lookup_allowed(request):
        response = JsonResponse(
            {"results": [], "message": _("Too many searches at once: wait a minute.")},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    query = " ".join(request.GET.get("q", "").split())[:200]
    if len(query) < MIN_QUERY_LENGTH:
        return JsonResponse({"results": [], "message": ""})
    try:
        found = find_places(query=query, quartier=quartier)
    except GeocoderUnavailable:
        message = _("Addresses cannot be looked up just now. Please try again in a few minutes.")
        return JsonResponse({"results": [], "message": message}, status=503)
    return JsonResponse(
        {
            "results": [
                {
                    "label": candidate.label,
                    "display": candidate.display,
                    "value": candidate.value,
                    "latitude": candidate.latitude,
                    "longitude": candidate.longitude,
                }
                for candidate in found
            ],
            "message": "",
        }
    )
