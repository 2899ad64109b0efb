from django.urls import path

from messaging import views
from messaging.digests import views as digest_views

app_name = "messaging"

urlpatterns = [
    path("conversations/", views.conversation_list, name="conversations"),
    path("conversations/direct/<int:user_id>/", views.direct_open, name="direct_open"),
    path("conversations/<int:conversation_id>/", views.conversation_detail, name="conversation"),
    path("conversations/<int:conversation_id>/mute/", views.conversation_mute, name="mute"),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/edit/",
        views.message_edit,
        name="message_edit",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/delete/",
        views.message_delete,
        name="message_delete",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/hide/",
        views.message_hide,
        name="message_hide",
    ),
    # Beside the quartier's own pages: the room belongs to messaging.
    path("quartiers/<slug:slug>/room/", views.quartier_room, name="quartier_room"),
    path("quartiers/<slug:slug>/reports/", views.report_list, name="reports"),
    path(
        "quartiers/<slug:slug>/reports/<int:report_id>/hide/",
        views.report_hide,
        name="report_hide",
    ),
    path("people/<int:user_id>/block/", views.user_block, name="block"),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/report/",
        views.message_report,
        name="message_report",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification_open"),
    path("digest/", digest_views.digest_settings, name="digest_settings"),
    path(
        "digest/unsubscribe/<str:token>/",
        digest_views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
