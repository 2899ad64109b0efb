"""Sessions opened before the backends of `neighbourhood.accounts.backends` name the backend that
signed their user in by its old path (Django's ModelBackend, allauth's backend), which is no
longer in AUTHENTICATION_BACKENDS: Django would sign them out. Each is rewritten to name the new
path, so that nobody is signed out by the change (and back, if it is undone)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations

BATCH = 500
# Where sessions named their backend, and where they name it now.
RENAMED_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "neighbourhood.accounts.backends.UserBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "neighbourhood.accounts.backends.AccountBackend"
    ),
}


def _rename(apps, renamed):
    Session = apps.get_model("sessions", "Session")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    changed = []
    for session in Session.objects.iterator(chunk_size=BATCH):
        data = store.decode(session.session_data)  # {} for a session that no longer decodes
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in renamed:
            data[BACKEND_SESSION_KEY] = renamed[backend]
            session.session_data = store.encode(data)
            changed.append(session)
        if len(changed) >= BATCH:
            Session.objects.bulk_update(changed, ["session_data"])
            changed = []
    Session.objects.bulk_update(changed, ["session_data"])


def forwards(apps, schema_editor):
    _rename(apps, RENAMED_BACKENDS)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED_BACKENDS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_email_optional"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
