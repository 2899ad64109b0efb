"""My notifications, marking them read, and which kinds also come by e-mail."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.api.serializers import (
    NotificationSerializer,
    NotificationSettingsSerializer,
    NotificationsReadResultSerializer,
    NotificationsReadSerializer,
)
from neighbourhood.http import AuthenticatedRequest


class NotificationListView(APIView):
    @extend_schema(responses=NotificationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        notifications = selectors.my_notifications(user=request.user)
        return Response(NotificationSerializer(notifications, many=True).data)


class NotificationsReadView(APIView):
    @extend_schema(request=NotificationsReadSerializer, responses=NotificationsReadResultSerializer)
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = NotificationsReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user, notification_ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": marked})


class NotificationSettingsView(APIView):
    @extend_schema(responses=NotificationSettingsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response({"by_email": sorted(selectors.email_kinds(user=request.user))})

    @extend_schema(request=NotificationSettingsSerializer, responses=NotificationSettingsSerializer)
    def put(self, request: AuthenticatedRequest) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.notification_settings_set(
            user=request.user, by_email=set(serializer.validated_data["by_email"])
        )
        return Response({"by_email": sorted(selectors.email_kinds(user=request.user))})
