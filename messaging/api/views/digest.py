"""The digest preference: ``GET``/``PUT /api/v1/me/digest/``."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging.api.serializers import DigestPreferenceSerializer
from messaging.digests.preferences import digest_preference_of, digest_preference_set
from messaging.models import DigestPreference
from neighbourhood.http import AuthenticatedRequest


def _shown(preference: DigestPreference, request: AuthenticatedRequest) -> dict[str, object]:
    return {
        "frequency": preference.frequency,
        "weekday": preference.weekday,
        "hour": preference.hour,
        "timezone": request.user.timezone,
    }


class DigestPreferenceView(APIView):
    @extend_schema(responses=DigestPreferenceSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(_shown(digest_preference_of(user=request.user), request))

    @extend_schema(request=DigestPreferenceSerializer, responses=DigestPreferenceSerializer)
    def put(self, request: AuthenticatedRequest) -> Response:
        serializer = DigestPreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            preference = digest_preference_set(
                user=request.user,
                frequency=data["frequency"],
                weekday=data["weekday"],
                hour=data["hour"],
            )
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return Response(_shown(preference, request))
