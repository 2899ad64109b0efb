from django.urls import path

from messaging.api.views.blocks import BlockDetailView, BlockView
from messaging.api.views.conversations import (
    ConversationListView,
    ConversationMuteView,
    ConversationReadView,
    DirectOpenView,
    QuartierRoomView,
    UnreadView,
)
from messaging.api.views.digest import DigestPreferenceView
from messaging.api.views.messages import (
    ConversationMessagesView,
    MessageDetailView,
    MessageHideView,
)
from messaging.api.views.notifications import (
    NotificationListView,
    NotificationSettingsView,
    NotificationsReadView,
)
from messaging.api.views.reports import MessageReportView, ReportHideView, ReportListView

CONVERSATION = "conversations/<int:conversation_id>/"
MESSAGES = f"{CONVERSATION}messages/"
MESSAGE = f"{MESSAGES}<int:message_id>/"
REPORTS = "quartiers/<slug:slug>/reports/"

urlpatterns = [
    path("conversations/", ConversationListView.as_view(), name="conversations"),
    path("quartiers/<slug:slug>/room/", QuartierRoomView.as_view(), name="quartier_room"),
    path("direct/", DirectOpenView.as_view(), name="direct_open"),
    path(f"{CONVERSATION}read/", ConversationReadView.as_view(), name="conversation_read"),
    path(f"{CONVERSATION}mute/", ConversationMuteView.as_view(), name="conversation_mute"),
    path("me/unread/", UnreadView.as_view(), name="unread"),
    path(MESSAGES, ConversationMessagesView.as_view(), name="conversation_messages"),
    path(MESSAGE, MessageDetailView.as_view(), name="conversation_message"),
    path(f"{MESSAGE}hide/", MessageHideView.as_view(), name="conversation_message_hide"),
    path(f"{MESSAGE}report/", MessageReportView.as_view(), name="message_report"),
    path(REPORTS, ReportListView.as_view(), name="reports"),
    path(f"{REPORTS}<int:report_id>/hide/", ReportHideView.as_view(), name="report_hide"),
    path("blocks/", BlockView.as_view(), name="blocks"),
    path("blocks/<int:user_id>/", BlockDetailView.as_view(), name="block"),
    path("me/notifications/", NotificationListView.as_view(), name="notifications"),
    path("me/notifications/read/", NotificationsReadView.as_view(), name="notifications_read"),
    path(
        "me/notification-settings/",
        NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("me/digest/", DigestPreferenceView.as_view(), name="digest"),
]
