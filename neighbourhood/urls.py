from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from messaging import api as messaging_api
from messaging.digests import api as digest_api
from neighbourhood import site_pages
from neighbourhood.accounts.views import home
from neighbourhood.feed import api as feed_api
from neighbourhood.glossary import glossary
from neighbourhood.health import healthz
from neighbourhood.quartiers import api as quartiers_api

# The admin's own login form would bypass allauth's failed-login rate limit: route it through it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Friendly pages in the visitor's language (see neighbourhood/error_pages.py); allauth's limits
# answer through handler429.
handler403 = "neighbourhood.error_pages.permission_denied"
handler404 = "neighbourhood.error_pages.page_not_found"
handler500 = "neighbourhood.error_pages.server_error"
handler429 = "neighbourhood.limits.handler429"

api_v1: list[URLPattern | URLResolver] = [
    path("", include("neighbourhood.accounts.api.urls")),
    path("quartiers/", quartiers_api.QuartierListView.as_view(), name="quartiers"),
    path("quartiers/<slug:slug>/", quartiers_api.QuartierDetailView.as_view(), name="quartier"),
    path("quartiers/<slug:slug>/join/", quartiers_api.JoinView.as_view(), name="join"),
    path("quartiers/<slug:slug>/leave/", quartiers_api.LeaveView.as_view(), name="leave"),
    path("quartiers/<slug:slug>/members/", quartiers_api.MemberListView.as_view(), name="members"),
    path(
        "quartiers/<slug:slug>/members/<int:user_id>/",
        quartiers_api.MemberDetailView.as_view(),
        name="member",
    ),
    path(
        "quartiers/<slug:slug>/join-requests/",
        quartiers_api.JoinRequestListView.as_view(),
        name="join_requests",
    ),
    path(
        "quartiers/<slug:slug>/join-requests/<int:request_id>/decision/",
        quartiers_api.JoinRequestDecisionView.as_view(),
        name="join_request_decision",
    ),
    path("quartiers/<slug:slug>/feed/", feed_api.FeedView.as_view(), name="feed"),
    path(
        "quartiers/<slug:slug>/feed/<int:entry_id>/hide/",
        feed_api.FeedEntryHideView.as_view(),
        name="feed_entry_hide",
    ),
    path("", include("exchanges.swaps.api.urls")),
    path("", include("exchanges.rides.api.urls")),
    path("", include("exchanges.produce.api.urls")),
    path("conversations/", messaging_api.ConversationListView.as_view(), name="conversations"),
    path(
        "quartiers/<slug:slug>/room/",
        messaging_api.QuartierRoomView.as_view(),
        name="quartier_room",
    ),
    path("direct/", messaging_api.DirectOpenView.as_view(), name="direct_open"),
    path(
        "conversations/<int:conversation_id>/messages/",
        messaging_api.ConversationMessagesView.as_view(),
        name="conversation_messages",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/",
        messaging_api.MessageDetailView.as_view(),
        name="conversation_message",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/report/",
        messaging_api.MessageReportView.as_view(),
        name="message_report",
    ),
    path("quartiers/<slug:slug>/reports/", messaging_api.ReportListView.as_view(), name="reports"),
    path(
        "quartiers/<slug:slug>/reports/<int:report_id>/hide/",
        messaging_api.ReportHideView.as_view(),
        name="report_hide",
    ),
    path("blocks/", messaging_api.BlockView.as_view(), name="blocks"),
    path("me/unread/", messaging_api.UnreadView.as_view(), name="unread"),
    path("blocks/<int:user_id>/", messaging_api.BlockDetailView.as_view(), name="block"),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/hide/",
        messaging_api.MessageHideView.as_view(),
        name="conversation_message_hide",
    ),
    path(
        "conversations/<int:conversation_id>/read/",
        messaging_api.ConversationReadView.as_view(),
        name="conversation_read",
    ),
    path(
        "conversations/<int:conversation_id>/mute/",
        messaging_api.ConversationMuteView.as_view(),
        name="conversation_mute",
    ),
    path("me/notifications/", messaging_api.NotificationListView.as_view(), name="notifications"),
    path(
        "me/notification-settings/",
        messaging_api.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path("me/digest/", digest_api.DigestPreferenceView.as_view(), name="digest"),
    path(
        "me/notifications/read/",
        messaging_api.NotificationsReadView.as_view(),
        name="notifications_read",
    ),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", site_pages.favicon, name="favicon"),
    path("manifest.webmanifest", site_pages.manifest, name="manifest"),
    path("accessibility/", site_pages.accessibility, name="accessibility"),
    path("legal-notice/", site_pages.legal_notice, name="legal_notice"),
    path("privacy/", site_pages.privacy, name="privacy"),
    path("glossary/", glossary, name="glossary"),
    path("", include("neighbourhood.accounts.urls")),
    path("quartiers/<slug:slug>/feed/", include("neighbourhood.feed.urls")),
    path("quartiers/", include("neighbourhood.quartiers.urls")),
    path("places/", include("neighbourhood.places.urls")),
    path("swaps/", include("exchanges.swaps.urls")),
    path("rides/", include("exchanges.rides.urls")),
    path("produce/", include("exchanges.produce.urls")),
    path("relais/", include("neighbourhood.relais.urls")),
    path("", include("messaging.urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
