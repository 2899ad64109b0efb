"""Voisinage settings: one module, read from the environment.

With no environment at all it runs the embedded default (SQLite under ``var/``, an in-memory
channel layer, a file broker for Celery, e-mails written to ``var/mail/``). A bad value stops
start-up with ``ImproperlyConfigured`` naming the variable.
"""

from __future__ import annotations

import os
import sys
import zoneinfo
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VOISINAGE_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()

# django-environ reads DATABASE_URL; its readers of switches, numbers, lists, URLs and e-mail URLs
# read them otherwise (a typo taken as false, spaces kept, other e-mail schemes), so these stay:
# docs/operations.md, "Libraries instead of hand-written code".


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, schemes: set[str], default: str = "") -> str:
    raw = os.environ.get(name, "").strip() or default
    if raw and urlsplit(raw).scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL starting with one of: {allowed}.")
    return raw


def email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp:// (plain), smtp+tls:// (STARTTLS), smtps:// (TLS from the start),
    console://, file:///absolute/folder or memory://. User and password may be URL-quoted."""
    parts = urlsplit(url)
    backends = "django.core.mail.backends."
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": backends + "console.EmailBackend"}
    if parts.scheme == "memory":
        return {"EMAIL_BACKEND": backends + "locmem.EmailBackend"}
    if parts.scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise ImproperlyConfigured("EMAIL_URL file:// needs an absolute folder: file:///…")
        return {"EMAIL_BACKEND": backends + "filebased.EmailBackend", "EMAIL_FILE_PATH": parts.path}
    default_ports = {"smtp": 25, "smtp+tls": 587, "smtps": 465}
    if parts.scheme not in default_ports:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps://, console://, file:// "
            "or memory://."
        )
    try:
        port = parts.port or default_ports[parts.scheme]
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no mail server.")
    return {
        "EMAIL_BACKEND": backends + "smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-for-the-embedded-default-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

# The secret under which a member's ballot is found again (exchanges.consultations.secrecy):
# the site's key unless set. Keep it when SECRET_KEY is rotated during an open vote.
CONSULTATIONS_BALLOT_SECRET = os.environ.get("CONSULTATIONS_BALLOT_SECRET", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

SITE_URL = env_url("SITE_URL", {"http", "https"}, default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# A page may open the WebSocket only from the site itself: its Origin names the host and port the
# socket was opened on (any host of ALLOWED_HOSTS, any port), or one of these origins (scheme,
# host and port must match), for a proxy that rewrites Host. See neighbourhood/origins.py.
WEBSOCKET_ALLOWED_ORIGINS = [SITE_URL, *env_list("WEBSOCKET_ALLOWED_ORIGINS", [])]
# Seconds between two checks that a socket still hears the channel layer; one that does not is
# closed, and its tab reconnects and catches up.
WEBSOCKET_HEARTBEAT_SECONDS = env_int("WEBSOCKET_HEARTBEAT_SECONDS", 20)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "neighbourhood",
    "neighbourhood.accounts",
    "neighbourhood.quartiers",
    "neighbourhood.feed",
    "neighbourhood.relais",
    "neighbourhood.photos",
    "neighbourhood.places",
    "exchanges.swaps",
    "exchanges.rides",
    "exchanges.produce",
    "exchanges.aid",
    "exchanges.events",
    "exchanges.consultations",
    "messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "neighbourhood.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "neighbourhood.middleware.CommonMiddleware",  # no slash redirects on the API
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "neighbourhood.accounts.middleware.UserLanguageMiddleware",
    # Every answer of the API is JSON, in the reader's language (see neighbourhood/json_body.py).
    "neighbourhood.json_body.JsonBodyMiddleware",
    "neighbourhood.middleware.IdsInRangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Friendly 403/404/429/500 pages even with DEBUG on, except for staff and INTERNAL_IPS.
    "neighbourhood.error_pages.FriendlyErrorsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: it swaps request.user for a neighbour a relais acts for, on a few pages only.
    "neighbourhood.relais.middleware.ActingForMiddleware",
]
# Who sees Django's technical error pages while DEBUG is on (staff accounts always do).
INTERNAL_IPS = env_list("INTERNAL_IPS", [])
CSRF_FAILURE_VIEW = "neighbourhood.error_pages.csrf_failure"

ROOT_URLCONF = "neighbourhood.urls"
WSGI_APPLICATION = "neighbourhood.wsgi.application"
ASGI_APPLICATION = "neighbourhood.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "messaging.context_processors.unread_notifications",
                "neighbourhood.places.context.map_tiles",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", {"postgres", "postgresql", "pgsql", "sqlite"}, default="")
if DATABASE_URL:
    try:
        DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    except Exception as error:  # django-environ raises several kinds on a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {error}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "voisinage.sqlite3",
            # A busy SQLite file waits instead of failing: daphne and the worker share it.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", 0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL through a pool of connections in each process (psycopg_pool, Django's
# OPTIONS["pool"]): on by default with DEBUG off, the production set's measured choice
# (docs/operations.md, "Production set"). Under ASGI a request's thread changes, so persistent
# connections (CONN_MAX_AGE) cannot be reused: with the pool, CONN_MAX_AGE stays 0.
_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DATABASE_POOL = env_bool("DATABASE_POOL", default=_POSTGRESQL and not DEBUG)
if DATABASE_POOL:
    if not _POSTGRESQL:
        raise ImproperlyConfigured("DATABASE_POOL needs a PostgreSQL DATABASE_URL.")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured(
            "CONN_MAX_AGE must be 0 with DATABASE_POOL: the pool keeps the connections."
        )
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            # Seconds a request waits for a free connection before failing.
            "timeout": env_float("DATABASE_POOL_TIMEOUT", 10.0),
        },
    }
else:
    # Without a pool, a kept connection (CONN_MAX_AGE > 0, for WSGI or a management command)
    # is checked before each request reuses it.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The swaps' matching index carries extra columns (INCLUDE) on PostgreSQL so that it answers
    # from the index alone; SQLite builds the same index without them, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Redis: channel layer, Celery broker, cache ---------------------------------------------
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss"}, default="")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # A Redis that does not answer must not hold a socket handshake for minutes.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 2}],
                # Pub/sub channels are shared by every database of one Redis server: the prefix
                # names the database, so sites on db 0 and db 1 never hear each other's events.
                "prefix": "asgi" + (urlsplit(REDIS_URL).path.strip("/") or "0"),
            },
        }
    }
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            # The cache holds only what can be lost (rate limits, progress): while Redis is
            # unreachable it acts as an empty cache (a warning is logged) instead of failing
            # every request that counts one.
            "BACKEND": "neighbourhood.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # The tests clear their own keys between tests, never the site's.
            "KEY_PREFIX": "voisinage-test" if "pytest" in sys.modules else "voisinage",
            # Seconds: a Redis host that does not answer costs a request this much, not minutes.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The parts of every page that are the same for everyone in one language (the menu, the footer:
# templates/base.html's {% cache %} blocks), kept in each process's memory: they change only
# with a release, which starts the processes again.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
}

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": 3600,
        # Seconds. Without them a Redis that stops answering (frozen, unreachable) holds a
        # request that queues an e-mail for minutes; the worker's 1 s BRPOP fits within them.
        "socket_connect_timeout": 2,
        "socket_timeout": 3,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
    for folder in ("queue", "processed"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A test that starts workers of its own gives them (and the tasks they queue) a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Queuing a task happens inside a request: with the broker down it gives up within seconds (one
# retry) and the caller's on_commit(robust=True) logs the failure; the committed write stands.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# --- Report files: built off the request path, on a queue of their own --------------------------
# A cycle's report PDFs and CSVs (exchanges/produce/exports/stored.py) are built by workers
# consuming `reports` (production starts one with `--queues=celery,reports`), so that a long
# build never delays a mail on `celery`.
CELERY_TASK_ROUTES = {"exchanges.produce.tasks.build_report_file": {"queue": "reports"}}
# Seconds the page saying a file is being prepared asks the browser to wait (Retry-After and
# its refresh) before it asks again.
PRODUCE_REPORT_RETRY_SECONDS = 2

CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Farm orders: announce openings, remind 24 hours before a close, process closes.
    "produce-tick": {"task": "exchanges.produce.tasks.produce_tick", "schedule": 60.0},
    # Digests: queue the residents whose digest is due in their timezone (see
    # messaging.digests.schedule); a missed tick is caught up by the next one.
    "digests-tick": {"task": "messaging.tasks.digests_tick", "schedule": crontab(minute=0)},
    # Loans: the day-before-return reminder and the late notice (each claimed once).
    "aid-tick": {"task": "exchanges.aid.tasks.aid_tick", "schedule": 600.0},
    # Gatherings: the day-before reminder of those registered (each claimed once).
    "events-tick": {"task": "exchanges.events.tasks.events_tick", "schedule": 600.0},
    # Consultations: move each to its next phase on its date, tell the vote's last day (each
    # move claimed once).
    "consultations-tick": {
        "task": "exchanges.consultations.tasks.consultations_tick",
        "schedule": 60.0,
    },
}

# --- Digests ------------------------------------------------------------------------------------
# Residents per Celery task: each chunk loads its readers' news in a fixed number of queries.
DIGEST_CHUNK_SIZE = env_int("DIGEST_CHUNK_SIZE", 200)
# A claim older than this was left by a dead worker before its mail reached the server: the next
# tick prepares that digest again. (Taking over a live worker's claim cannot send twice: see
# messaging.digests.sending.)
DIGEST_CLAIM_LEASE_SECONDS = env_int("DIGEST_CLAIM_LEASE_SECONDS", 600)
# The unsubscribe link of a digest works this long.
DIGEST_UNSUBSCRIBE_DAYS = env_int("DIGEST_UNSUBSCRIBE_DAYS", 90)

# --- E-mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Voisinage <noreply@voisinage.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
if EMAIL_URL:
    globals().update(email_settings(EMAIL_URL))
else:
    EMAIL_BACKEND = "neighbourhood.mail.FileAndConsoleEmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)

# --- Legal notice (mentions légales): the operator fills these in; empty ones say so ------------
LEGAL_NOTICE = {
    # Who publishes the site: an association, a town hall, a person; their postal address.
    "publisher": os.environ.get("LEGAL_PUBLISHER", "").strip(),
    "publisher_address": os.environ.get("LEGAL_PUBLISHER_ADDRESS", "").strip(),
    # The person responsible for what is published (directeur de la publication).
    "director": os.environ.get("LEGAL_PUBLICATION_DIRECTOR", "").strip(),
    # Where neighbours write about the site, their data and accessibility.
    "contact": os.environ.get("LEGAL_CONTACT", "").strip(),
    # Who hosts the machines: name, postal address and telephone.
    "host": os.environ.get("LEGAL_HOST", "").strip(),
    "host_address": os.environ.get("LEGAL_HOST_ADDRESS", "").strip(),
}

# --- Accounts (django-allauth) ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, each reading the signed-in user by a query compiled once.
AUTHENTICATION_BACKENDS = [
    "neighbourhood.accounts.backends.UserBackend",
    "neighbourhood.accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the name shown to the neighbours (never taken from the e-mail address).
ACCOUNT_SIGNUP_FORM_CLASS = "neighbourhood.accounts.forms.SignupForm"
ACCOUNT_USER_DISPLAY = "neighbourhood.accounts.models.public_name_of"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Voisinage] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme
ACCOUNT_ADAPTER = "neighbourhood.accounts.adapter.AccountAdapter"
# Strict per account or address ("key": the e-mail typed), generous per IP address: a workshop in
# an EPN signs up, confirms and logs in thirty people or more from one public address within
# minutes, with typing mistakes (see neighbourhood/limits.py and docs/operations.md).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "60/m/ip,5/5m/key",
    "login": "150/m/ip",
    "signup": "150/10m/ip",
    "reset_password": "60/m/ip,5/m/key",
    "reset_password_from_key": "60/m/ip",
}
HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app", "browser")

# --- API (Django REST framework + drf-spectacular) ----------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "neighbourhood.accounts.authentication.BearerTokenAuthentication",
        "allauth.headless.contrib.rest_framework.authentication.XSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "neighbourhood.openapi.AutoSchema",
    # JSON nested too deep is a 400, not a RecursionError (neighbourhood/json_body.py).
    "DEFAULT_PARSER_CLASSES": [
        "neighbourhood.json_body.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # One trip to the cache a request (neighbourhood/limits.py).
    "DEFAULT_THROTTLE_CLASSES": ["neighbourhood.limits.RequestRateThrottle"],
    # Per account when signed in; per IP address otherwise, generous for a room of people
    # behind one address.
    "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "600/min"},
    "EXCEPTION_HANDLER": "neighbourhood.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Voisinage API",
    "DESCRIPTION": "The JSON API of Voisinage, a local exchange and mutual-aid network.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # A handler's docstring is its description; the endpoint bases' speak to developers only.
    "GET_LIB_DOC_EXCLUDES": "neighbourhood.api.lib_doc_excludes",
    # The interactive docs are served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or a "status": each set of choices gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "FeedEntryKindEnum": "neighbourhood.feed.kinds.feed_kinds.choices",
        "SwapKindEnum": "exchanges.swaps.models.Swap.Kind",
        "SwapStatusEnum": "exchanges.swaps.models.Swap.Status",
        "NotificationKindEnum": "messaging.kinds.notification_kinds.choices",
        "RideKindEnum": "exchanges.rides.models.Ride.Kind",
        "RideStatusEnum": "exchanges.rides.models.Ride.Status",
        "RideRequestStatusEnum": "exchanges.rides.models.RideRequest.Status",
        "BookingStatusEnum": "exchanges.rides.models.Booking.Status",
        "OrderCycleStateEnum": "exchanges.produce.models.OrderCycle.State",
        "OrderCycleRepeatEnum": "exchanges.produce.models.OrderCycle.Repeat",
        "PaymentMethodEnum": "exchanges.produce.models.Payment.Method",
        "PaymentStatusEnum": "exchanges.produce.models.Payment.Status",
        "InstalmentStateEnum": "exchanges.produce.models.InstalmentState",
        "SubscriptionStatusEnum": "exchanges.produce.models.Subscription.Status",
        "AbsenceFateEnum": "exchanges.produce.models.Absence.Fate",
        "ShareSizeEveryEnum": "exchanges.produce.models.ShareSize.Every",
        "CoupDeMainKindEnum": "exchanges.aid.models.help.CoupDeMain.Kind",
        "CoupDeMainStatusEnum": "exchanges.aid.models.help.CoupDeMain.Status",
        "CoupDeMainTimingEnum": "exchanges.aid.models.help.CoupDeMain.Timing",
        "HelpCategoryEnum": "exchanges.aid.models.help.Category",
        "CategoryEnum": "exchanges.swaps.models.Category",
        "HelpOfferStatusEnum": "exchanges.aid.models.help.HelpOffer.Status",
        "ItemCategoryEnum": "exchanges.aid.models.objects.ItemCategory",
        "ItemModeEnum": "exchanges.aid.models.objects.Item.Mode",
        "ItemConditionEnum": "exchanges.aid.models.objects.Item.Condition",
        "ItemGiveRuleEnum": "exchanges.aid.models.objects.Item.GiveRule",
        "ItemStatusEnum": "exchanges.aid.models.objects.Item.Status",
        "LoanStatusEnum": "exchanges.aid.models.objects.Loan.Status",
        "GiftStatusEnum": "exchanges.aid.models.objects.Gift.Status",
        "PlaceKindEnum": "neighbourhood.places.models.Kind",
        "PlaceServiceEnum": "neighbourhood.places.models.Service",
        "PlaceStatusEnum": "neighbourhood.places.models.Place.Status",
        "EventRepeatEnum": "exchanges.events.models.Event.Repeat",
        "EventStatusEnum": "exchanges.events.models.Event.Status",
        "RegistrationStatusEnum": "exchanges.events.models.Registration.Status",
        "ConsultationMethodEnum": "exchanges.consultations.models.Consultation.Method",
        "ConsultationAudienceEnum": "exchanges.consultations.models.Consultation.Audience",
        "ConsultationSecrecyEnum": "exchanges.consultations.models.Consultation.Secrecy",
        "ConsultationStatusEnum": "exchanges.consultations.models.Consultation.Status",
        "ConsultationPhaseEnum": "exchanges.consultations.models.Consultation.Phase",
        "ParticipationViaEnum": "exchanges.consultations.models.Via",
    },
}

# --- Languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates the European way (21/11/2026, 21 November 2026), as the residents write them.
FORMAT_MODULE_PATH = ["neighbourhood.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known timezone.")

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# --- Photos (neighbourhood/photos, docs/operations.md) ------------------------------------------
# Clean renditions only (no original, no metadata), under random names that change when a photo
# does. On the local disk by default, served by the site itself under DEBUG and by the web server
# in production (PHOTOS_URL must map to PHOTOS_ROOT there).
PHOTOS_ROOT = Path(os.environ.get("PHOTOS_ROOT", VAR_DIR / "media" / "photos"))
PHOTOS_URL = os.environ.get("PHOTOS_URL", "/media/photos/")
if not PHOTOS_URL.endswith("/"):
    raise ImproperlyConfigured("PHOTOS_URL must end with a slash.")
PHOTOS_SERVE = env_bool("PHOTOS_SERVE", default=DEBUG)
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10_000_000)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)
PHOTOS_CACHE_CONTROL = "public, max-age=31536000, immutable"
# An S3-compatible store instead of the disk, when a bucket is named: its objects are read
# publicly (or through a CDN at PHOTOS_S3_CUSTOM_DOMAIN), unsigned, so a page's addresses stay
# the same and can be cached as long as the files.
PHOTOS_S3_BUCKET = os.environ.get("PHOTOS_S3_BUCKET", "")


def s3_store(bucket: str) -> dict[str, Any]:
    """Where an S3-compatible bucket is reached: the photos' store settings, for every bucket."""
    return {
        "bucket_name": bucket,
        "endpoint_url": env_url("PHOTOS_S3_ENDPOINT_URL", {"http", "https"}) or None,
        "region_name": os.environ.get("PHOTOS_S3_REGION", "") or None,
        "access_key": os.environ.get("PHOTOS_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": os.environ.get("PHOTOS_S3_SECRET_ACCESS_KEY", "") or None,
    }


def photos_s3_storage(store: dict[str, Any], custom_domain: str | None = None) -> dict[str, Any]:
    """Photos in a bucket: read publicly, unsigned, cached as long as the files."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **store,
            "custom_domain": custom_domain,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {
                "CacheControl": PHOTOS_CACHE_CONTROL,
                "ContentType": "image/webp",
            },
        },
    }


if PHOTOS_S3_BUCKET:
    STORAGES["photos"] = photos_s3_storage(
        s3_store(PHOTOS_S3_BUCKET),
        custom_domain=os.environ.get("PHOTOS_S3_CUSTOM_DOMAIN", "") or None,
    )
else:
    STORAGES["photos"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PHOTOS_ROOT, "base_url": PHOTOS_URL},
    }
# --- Consultations' documents (exchanges/consultations/storage.py) -----------------------------
# Private: read only through the site's download view, which checks membership; never under a
# served folder or a public address. On the local disk under DOCUMENTS_ROOT by default; in a
# bucket of its own (never the photos' one, which is read publicly) when DOCUMENTS_S3_BUCKET is
# set, reached with the photos' store settings, its objects private and without public address.
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", VAR_DIR / "documents"))
DOCUMENTS_S3_BUCKET = os.environ.get("DOCUMENTS_S3_BUCKET", "")


def documents_s3_storage(store: dict[str, Any]) -> dict[str, Any]:
    """Documents in a bucket of their own: private objects, reached by signed addresses only."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **store,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {
                "ContentType": "application/pdf",
                "ContentDisposition": "attachment",
                "CacheControl": "private, no-store",
            },
        },
    }


if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = documents_s3_storage(s3_store(DOCUMENTS_S3_BUCKET))
else:
    STORAGES["documents"] = {
        "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT},
    }
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

# --- Places: the geocoder and the map tiles -------------------------------------------------
# The site runs in the development server (make run) and not under the tests: only then may it
# lean on public services by default. Production names its own (docs/operations.md).
_DEVELOPMENT = DEBUG and "pytest" not in sys.modules
# A geocoder speaking addok's protocol (GET /search/?q=…&lat=…&lon=…&limit=…, GeoJSON), the
# engine of the French national address base. Empty: addresses cannot be looked up, and the
# forms say so (meeting points still work).
GEOCODER_URL = env_url(
    "GEOCODER_URL",
    {"http", "https"},
    default="https://api-adresse.data.gouv.fr" if _DEVELOPMENT else "",
).rstrip("/")
# Seconds a form waits for the geocoder before telling the resident to try again later.
GEOCODER_TIMEOUT = env_float("GEOCODER_TIMEOUT", 3.0)
# Map tiles, an aid only: every form works without the map. The OpenStreetMap Foundation's own
# tiles are for light development use only, never a production default: without MAP_TILE_URL,
# production shows no map.
MAP_TILE_URL = env_url(
    "MAP_TILE_URL",
    {"https", "http"},
    default="https://tile.openstreetmap.org/{z}/{x}/{y}.png" if DEBUG else "",
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors" if MAP_TILE_URL else ""
).strip()


def _tile_origin(url: str) -> str:
    """The origin the Content-Security-Policy lets images come from: a ``{s}`` subdomain
    becomes a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


# --- Security -----------------------------------------------------------------------------------
# Django's database sessions, read by a query compiled once (neighbourhood/sessions.py).
SESSION_ENGINE = "neighbourhood.sessions"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_IMAGES = " ".join(filter(None, ["'self'", "data:", _tile_origin(MAP_TILE_URL)]))
# {socket}: the site's own WebSocket origin, filled in per request (neighbourhood/middleware.py).
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src {_IMAGES}; "
    "style-src 'self'; script-src 'self'; connect-src 'self' {socket}; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- Production must name its real parts ------------------------------------------------------
if not DEBUG:
    for _name, _value in [
        ("DATABASE_URL", DATABASE_URL),
        ("REDIS_URL", REDIS_URL),
        ("EMAIL_URL", EMAIL_URL),
        ("ALLOWED_HOSTS", os.environ.get("ALLOWED_HOSTS", "")),
        ("SITE_URL", os.environ.get("SITE_URL", "")),
    ]:
        if not _value:
            raise ImproperlyConfigured(
                f"{_name} must be set when DEBUG is off: production does not fall back to the "
                "embedded SQLite, in-memory and file defaults."
            )

# Django's error page (DEBUG) and error reports hide settings that look secret; the URLs here
# carry passwords, so they are hidden too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "neighbourhood.errors.ExceptionReporterFilter"

# --- Logging ------------------------------------------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

TESTING = "pytest" in sys.modules
if TESTING:
    # A deliberately slow hash makes no sense for throwaway test users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
