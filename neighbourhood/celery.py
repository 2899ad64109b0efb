import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")

app = Celery("voisinage")
# Every CELERY_* setting (broker, acks_late, task_reject_on_worker_lost) lives in settings.py.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["neighbourhood.accounts", "neighbourhood.quartiers", "messaging", "exchanges.produce"]
)
