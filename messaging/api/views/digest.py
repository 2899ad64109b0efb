"""The digest preference: ``GET``/``PUT /api/v1/me/digest/``."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging.api.serializers import DigestPreferenceSerializer, digest_data
from messaging.digests.preferences import digest_preference_of, digest_preference_set
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class DigestPreferenceView(Endpoint[None]):
    @extend_schema(responses=DigestPreferenceSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(digest_data(digest_preference_of(user=request.user), request.user))

    @extend_schema(request=DigestPreferenceSerializer, responses=DigestPreferenceSerializer)
    def put(self, request: AuthenticatedRequest) -> Response:
        preference = digest_preference_set(
            user=request.user, **self.valid(DigestPreferenceSerializer)
        )
        return Response(digest_data(preference, request.user))
