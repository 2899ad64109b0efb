from django.urls import path

from messaging.api.views import blocks, conversations, digest, messages, notifications, reports

MESSAGE = "conversations/<int:conversation_id>/messages/<int:message_id>/"

urlpatterns = [
    path("conversations/", conversations.ConversationListView.as_view(), name="conversations"),
    path(
        "quartiers/<slug:slug>/room/",
        conversations.QuartierRoomView.as_view(),
        name="quartier_room",
    ),
    path("direct/", conversations.DirectOpenView.as_view(), name="direct_open"),
    path(
        "conversations/<int:conversation_id>/read/",
        conversations.ConversationReadView.as_view(),
        name="conversation_read",
    ),
    path(
        "conversations/<int:conversation_id>/mute/",
        conversations.ConversationMuteView.as_view(),
        name="conversation_mute",
    ),
    path("me/unread/", conversations.UnreadView.as_view(), name="unread"),
    path(
        "conversations/<int:conversation_id>/messages/",
        messages.ConversationMessagesView.as_view(),
        name="conversation_messages",
    ),
    path(MESSAGE, messages.MessageDetailView.as_view(), name="conversation_message"),
    path(f"{MESSAGE}hide/", messages.MessageHideView.as_view(), name="conversation_message_hide"),
    path(f"{MESSAGE}report/", reports.MessageReportView.as_view(), name="message_report"),
    path("quartiers/<slug:slug>/reports/", reports.ReportListView.as_view(), name="reports"),
    path(
        "quartiers/<slug:slug>/reports/<int:report_id>/hide/",
        reports.ReportHideView.as_view(),
        name="report_hide",
    ),
    path("blocks/", blocks.BlockView.as_view(), name="blocks"),
    path("blocks/<int:user_id>/", blocks.BlockDetailView.as_view(), name="block"),
    path("me/notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path(
        "me/notifications/read/",
        notifications.NotificationsReadView.as_view(),
        name="notifications_read",
    ),
    path(
        "me/notification-settings/",
        notifications.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("me/digest/", digest.DigestPreferenceView.as_view(), name="digest"),
]
