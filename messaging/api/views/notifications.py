"""My notifications, marking them read, and which kinds also come by e-mail."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging import selectors, services
from messaging.api.serializers import (
    NotificationSerializer,
    NotificationSettingsSerializer,
    NotificationsReadResultSerializer,
    NotificationsReadSerializer,
)
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class NotificationListView(Endpoint[None]):
    @extend_schema(responses=NotificationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        notifications = selectors.my_notifications(user=request.user)
        return Response(NotificationSerializer(notifications, many=True).data)


class NotificationsReadView(Endpoint[None]):
    @extend_schema(request=NotificationsReadSerializer, responses=NotificationsReadResultSerializer)
    def post(self, request: AuthenticatedRequest) -> Response:
        ids = self.valid(NotificationsReadSerializer).get("ids")
        marked = services.notifications_mark_read(user=request.user, notification_ids=ids)
        return Response({"marked": marked})


class NotificationSettingsView(Endpoint[None]):
    @extend_schema(responses=NotificationSettingsSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response({"by_email": sorted(selectors.email_kinds(user=request.user))})

    @extend_schema(request=NotificationSettingsSerializer, responses=NotificationSettingsSerializer)
    def put(self, request: AuthenticatedRequest) -> Response:
        by_email = set(self.valid(NotificationSettingsSerializer)["by_email"])
        services.notification_settings_set(user=request.user, by_email=by_email)
        return self.get(request)
