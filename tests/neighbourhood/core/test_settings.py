"""Settings come from the environment; a bad value stops start-up naming the variable."""

import os
import secrets
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
GOOD_SECRET = secrets.token_urlsafe(50)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "voisinage.example.org",
    "SITE_URL": "https://voisinage.example.org",
    "DATABASE_URL": "postgres://voisinage@127.0.0.1:5432/voisinage",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "Voisinage <bonjour@voisinage.example.org>",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in ("CI", "DJANGO_SETTINGS_MODULE")
    }
    clean["VOISINAGE_VAR_DIR"] = tempfile.mkdtemp(prefix="voisinage-settings-")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "perhaps"),
        ("SECRET_KEY", "short"),
        ("SECRET_KEY", "a" * 60),
        ("DATABASE_URL", "mysql://root@localhost/db"),
        ("REDIS_URL", "http://localhost:6379"),
        ("EMAIL_URL", "pigeon://loft"),
        ("EMAIL_URL", "smtp://"),
        ("EMAIL_URL", "smtp://mail.example.org:port"),
        ("EMAIL_URL", "file://relative/folder"),
        ("SITE_URL", "voisinage.example.org"),
        ("CONN_MAX_AGE", "forever"),
        ("TIME_ZONE", "Europe/Atlantis"),
        ("LOG_LEVEL", "chatty"),
        ("REDIS_URL", "unix:///tmp/redis.sock"),
        ("DATABASE_URL", ""),
        ("EMAIL_URL", ""),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = manage("check", env=PRODUCTION | {variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_static_files_collect_with_hashed_names_under_production_settings(tmp_path):
    result = manage(
        "collectstatic",
        "--no-input",
        env=PRODUCTION
        | {
            "VOISINAGE_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://me%40example.org:p%2Fss@mail.example.org",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "me@example.org",
                "EMAIL_HOST_PASSWORD": "p/ss",
            },
        ),
        (
            "smtps://mail.example.org",
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        ("smtp://localhost:1025", {"EMAIL_PORT": 1025, "EMAIL_USE_TLS": False}),
        ("file:///var/mail/voisinage", {"EMAIL_FILE_PATH": "/var/mail/voisinage"}),
    ],
)
def test_email_urls_are_read_as_documented(url, expected):
    from neighbourhood.settings import email_settings

    values = email_settings(url)
    assert {key: values[key] for key in expected} == expected


def test_the_error_page_hides_the_urls_that_carry_passwords(settings):
    from django.views.debug import get_default_exception_reporter_filter

    settings.DATABASE_URL = "postgres://voisinage:hunter2@db/voisinage"
    shown = get_default_exception_reporter_filter().get_safe_settings()
    assert "hunter2" not in str(shown["DATABASE_URL"])
    assert "hunter2" not in str(shown)


# --- the helpers next to django-environ -----------------------------------------------------------
# settings.py reads the database URL with django-environ and keeps its own helpers for the rest:
# django-environ 0.14 reads these values otherwise (docs/operations.md, "Libraries instead of
# hand-written code"). Should a release read them as the project does, these tests say so.


def test_the_helpers_read_lists_numbers_and_switches_as_documented(monkeypatch):
    from neighbourhood.settings import env_bool, env_int, env_list

    monkeypatch.setenv("VOISINAGE_TEST_LIST", " voisinage.example.org , www.voisinage.example.org,")
    assert env_list("VOISINAGE_TEST_LIST", []) == [
        "voisinage.example.org",
        "www.voisinage.example.org",
    ]
    monkeypatch.setenv("VOISINAGE_TEST_NUMBER", "")  # set but empty, as compose files leave them
    assert env_int("VOISINAGE_TEST_NUMBER", 600) == 600
    monkeypatch.setenv("VOISINAGE_TEST_SWITCH", "Off")
    assert env_bool("VOISINAGE_TEST_SWITCH", default=True) is False


def test_django_environ_still_reads_these_values_otherwise():
    import environ
    from django.core.exceptions import ImproperlyConfigured

    # A switch it does not know is false, without a word: "ture" would turn a setting off.
    assert environ.Env.parse_value("perhaps", bool) is False
    # An empty number is an error, and a bad one says nothing of the variable it came from.
    with pytest.raises(ValueError, match="invalid literal"):
        environ.Env.parse_value("", int)
    # The spaces around the items of a list are kept: " www.voisinage.example.org".
    assert environ.Env.parse_value("a.example, b.example", list) == ["a.example", " b.example"]
    # smtps:// is STARTTLS on no default port for it; the project's is TLS from the start, 465.
    smtps = environ.Env.email_url_config("smtps://mail.example.org")
    assert smtps["EMAIL_USE_TLS"] is True and smtps["EMAIL_PORT"] is None
    # The project's console://, file:// and memory:// are consolemail://, filemail://… there.
    with pytest.raises(ImproperlyConfigured):
        environ.Env.email_url_config("console://")
    # A mail URL naming no server is taken.
    assert environ.Env.email_url_config("smtp://")["EMAIL_HOST"] is None
