from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from neighbourhood import site_pages
from neighbourhood.accounts.views import home
from neighbourhood.glossary import glossary
from neighbourhood.health import healthz

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
    path("", include("neighbourhood.quartiers.api.urls")),
    path("", include("neighbourhood.feed.api.urls")),
    path("", include("exchanges.swaps.api.urls")),
    path("", include("exchanges.rides.api.urls")),
    path("", include("exchanges.produce.api.urls")),
    path("", include("exchanges.aid.api.urls")),
    path("", include("exchanges.events.api.urls")),
    path("", include("exchanges.consultations.api.urls")),
    path("", include("neighbourhood.places.api.urls")),
    path("", include("neighbourhood.photos.api.urls")),
    path("", include("messaging.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    # The API first: its addresses are asked the most, and every address is tried in this order.
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from its own address (?script): the
    # page inlines no script, and keeps the site's Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
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
    path("", include("exchanges.aid.urls")),
    path("events/", include("exchanges.events.urls")),
    path("consultations/", include("exchanges.consultations.urls")),
    path("calendar/", include("neighbourhood.calendar.urls")),
    path("relais/", include("neighbourhood.relais.urls")),
    path("photos/", include("neighbourhood.photos.page_urls")),
    path("", include("messaging.urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("admin/", admin.site.urls),
]

# The photos on the local disk, when the site serves them itself (PHOTOS_SERVE, on under DEBUG);
# the view answers 404 otherwise. A PHOTOS_URL on another host (S3, a CDN) has no route here.
if settings.PHOTOS_URL.startswith("/"):
    urlpatterns.append(path(settings.PHOTOS_URL[1:], include("neighbourhood.photos.urls")))
