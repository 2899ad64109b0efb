import pytest

from neighbourhood.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_every_part_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_it_answers_503_naming_the_broker_when_it_is_down(client, monkeypatch):
    # Nothing listens on port 1: the broker is really unreachable.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"]["database"]["ok"] is True


def test_it_answers_503_naming_the_channel_layer_when_it_is_down(client, settings):
    # Nothing listens on port 1, with the Redis layer (CI) or without it.
    if settings.REDIS_URL:
        settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "channel_layer" in response.json()["failing"]


@pytest.mark.redis
def test_health_checks_leave_no_subscription_behind_in_redis(client, settings):
    import redis

    server = redis.Redis.from_url(settings.REDIS_URL)
    before = len(server.pubsub_channels())
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert len(server.pubsub_channels()) == before
