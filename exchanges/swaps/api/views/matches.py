"""Views of the swap API for matches: what fits my open swaps."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.swaps import selectors
from exchanges.swaps.api.serializers import SuggestionsSerializer
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class MySuggestionsView(Endpoint[None]):
    @extend_schema(responses=SuggestionsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        """My open swaps with what fits each of them, best first, and my three-cycles."""
        found = selectors.suggestions_for(user=request.user)
        data = {
            "swaps": [{"swap": swap, "matches": matches} for swap, matches in found.swaps],
            "cycles": found.cycles,
        }
        return Response(SuggestionsSerializer(data).data)
