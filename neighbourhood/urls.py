from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from neighbourhood.accounts import api as accounts_api
from neighbourhood.accounts.views import home
from neighbourhood.health import healthz
from neighbourhood.quartiers import api as quartiers_api

# The admin's own login form would bypass allauth's failed-login rate limit: route it through it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

api_v1 = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/tokens/", accounts_api.TokenListView.as_view(), name="tokens"),
    path("me/tokens/<int:token_id>/", accounts_api.TokenDetailView.as_view(), name="token"),
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
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("neighbourhood.accounts.urls")),
    path("quartiers/<slug:slug>/feed/", include("neighbourhood.feed.urls")),
    path("quartiers/", include("neighbourhood.quartiers.urls")),
    path("swaps/", include("exchanges.swaps.urls")),
    path("", include("messaging.urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
