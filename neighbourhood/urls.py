from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from exchanges.produce.api import views as produce_api
from exchanges.rides.api import views as rides_api
from exchanges.swaps import api as swaps_api
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
handler400 = "neighbourhood.error_pages.bad_request"
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
    path("quartiers/<slug:slug>/swaps/", swaps_api.QuartierSwapListView.as_view(), name="swaps"),
    path(
        "quartiers/<slug:slug>/swaps/overview/",
        swaps_api.CategoryOverviewView.as_view(),
        name="swap_overview",
    ),
    path("swaps/<int:swap_id>/", swaps_api.SwapDetailView.as_view(), name="swap"),
    path("swaps/<int:swap_id>/status/", swaps_api.SwapStatusView.as_view(), name="swap_status"),
    path("swaps/<int:swap_id>/renew/", swaps_api.SwapRenewView.as_view(), name="swap_renew"),
    path(
        "swaps/<int:swap_id>/interest/", swaps_api.SwapInterestView.as_view(), name="swap_interest"
    ),
    path(
        "swaps/<int:swap_id>/introductions/",
        swaps_api.SwapIntroductionView.as_view(),
        name="swap_introductions",
    ),
    path(
        "swaps/<int:swap_id>/exchanges/",
        swaps_api.SwapExchangesView.as_view(),
        name="swap_exchanges",
    ),
    path(
        "exchanges/<int:exchange_id>/held/",
        swaps_api.ExchangeHeldView.as_view(),
        name="exchange_held",
    ),
    path(
        "exchanges/<int:exchange_id>/evaluation/",
        swaps_api.ExchangeEvaluationView.as_view(),
        name="exchange_evaluation",
    ),
    path("me/swaps/", swaps_api.MySwapListView.as_view(), name="my_swaps"),
    path(
        "me/swaps/suggestions/",
        swaps_api.MySuggestionsView.as_view(),
        name="my_swap_suggestions",
    ),
    path(
        "quartiers/<slug:slug>/meeting-points/",
        rides_api.MeetingPointListView.as_view(),
        name="meeting_points",
    ),
    path(
        "quartiers/<slug:slug>/meeting-points/<int:point_id>/",
        rides_api.MeetingPointDetailView.as_view(),
        name="meeting_point",
    ),
    path("quartiers/<slug:slug>/rides/", rides_api.QuartierRideListView.as_view(), name="rides"),
    path(
        "quartiers/<slug:slug>/rides/search/",
        rides_api.RideSearchView.as_view(),
        name="ride_search",
    ),
    path(
        "quartiers/<slug:slug>/ride-requests/",
        rides_api.QuartierRideRequestListView.as_view(),
        name="ride_requests",
    ),
    path("rides/<int:ride_id>/", rides_api.RideDetailView.as_view(), name="ride"),
    path("rides/<int:ride_id>/cancel/", rides_api.RideCancelView.as_view(), name="ride_cancel"),
    path(
        "rides/<int:ride_id>/dates/cancel/",
        rides_api.TripCancelView.as_view(),
        name="ride_trip_cancel",
    ),
    path(
        "rides/<int:ride_id>/departures/",
        rides_api.RideDeparturesView.as_view(),
        name="ride_departures",
    ),
    path(
        "rides/<int:ride_id>/requests/",
        rides_api.RideMatchingRequestsView.as_view(),
        name="ride_matching_requests",
    ),
    path(
        "rides/<int:ride_id>/bookings/",
        rides_api.RideBookingsView.as_view(),
        name="ride_bookings",
    ),
    path("bookings/<int:booking_id>/", rides_api.BookingDetailView.as_view(), name="booking"),
    path(
        "bookings/<int:booking_id>/accept/",
        rides_api.BookingAcceptView.as_view(),
        name="booking_accept",
    ),
    path(
        "bookings/<int:booking_id>/decline/",
        rides_api.BookingDeclineView.as_view(),
        name="booking_decline",
    ),
    path(
        "bookings/<int:booking_id>/cancel/",
        rides_api.BookingCancelView.as_view(),
        name="booking_cancel",
    ),
    path(
        "ride-requests/<int:request_id>/",
        rides_api.RideRequestDetailView.as_view(),
        name="ride_request",
    ),
    path(
        "ride-requests/<int:request_id>/close/",
        rides_api.RideRequestCloseView.as_view(),
        name="ride_request_close",
    ),
    path(
        "ride-requests/<int:request_id>/rides/",
        rides_api.RideRequestRidesView.as_view(),
        name="ride_request_rides",
    ),
    path("me/rides/", rides_api.MyRidesView.as_view(), name="my_rides"),
    path(
        "me/rides/calendar/",
        rides_api.MyRideCalendarView.as_view(),
        name="my_ride_calendar",
    ),
    path(
        "quartiers/<slug:slug>/producers/",
        produce_api.QuartierProducerListView.as_view(),
        name="producers",
    ),
    path("producers/<int:producer_id>/", produce_api.ProducerDetailView.as_view(), name="producer"),
    path(
        "producers/<int:producer_id>/products/",
        produce_api.ProducerProductListView.as_view(),
        name="producer_products",
    ),
    path("products/<int:product_id>/", produce_api.ProductDetailView.as_view(), name="product"),
    path(
        "quartiers/<slug:slug>/cycles/", produce_api.QuartierCycleListView.as_view(), name="cycles"
    ),
    path("cycles/<int:cycle_id>/", produce_api.CycleDetailView.as_view(), name="cycle"),
    path("cycles/<int:cycle_id>/copy/", produce_api.CycleCopyView.as_view(), name="cycle_copy"),
    path("cycles/<int:cycle_id>/close/", produce_api.CycleCloseView.as_view(), name="cycle_close"),
    path(
        "cycles/<int:cycle_id>/reopen/", produce_api.CycleReopenView.as_view(), name="cycle_reopen"
    ),
    path(
        "cycles/<int:cycle_id>/send-reports/",
        produce_api.CycleSendReportsView.as_view(),
        name="cycle_send_reports",
    ),
    path(
        "cycles/<int:cycle_id>/order/", produce_api.MyCycleOrderView.as_view(), name="cycle_order"
    ),
    path(
        "cycles/<int:cycle_id>/reports/totals/",
        produce_api.CycleTotalsView.as_view(),
        name="cycle_totals",
    ),
    path(
        "cycles/<int:cycle_id>/reports/pickup/",
        produce_api.CyclePickUpView.as_view(),
        name="cycle_pickup",
    ),
    path(
        "cycles/<int:cycle_id>/reports/packing/",
        produce_api.CyclePackingView.as_view(),
        name="cycle_packing",
    ),
    path(
        "cycles/<int:cycle_id>/reports/owed/",
        produce_api.CycleOwedView.as_view(),
        name="cycle_owed",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/",
        produce_api.MemberOrderView.as_view(),
        name="cycle_member_order",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/picked-up/",
        produce_api.OrderPickedUpView.as_view(),
        name="order_picked_up",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/payments/<int:producer_id>/",
        produce_api.PaymentView.as_view(),
        name="order_payment",
    ),
    path(
        "cycles/<int:cycle_id>/lines/<int:line_id>/weight/",
        produce_api.LineWeightView.as_view(),
        name="line_weight",
    ),
    path(
        "cycles/<int:cycle_id>/roles/<int:role_id>/volunteers/",
        produce_api.VolunteerView.as_view(),
        name="role_volunteers",
    ),
    path("me/orders/", produce_api.MyOrdersView.as_view(), name="my_orders"),
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
    # The split view serves Swagger UI's start-up script from its own address (?script): the
    # page inlines no script, and keeps the site's Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
