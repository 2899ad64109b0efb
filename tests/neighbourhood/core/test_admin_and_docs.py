import pytest
from django.contrib import admin
from django.test import Client

from neighbourhood.celery import app as celery_app
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_and_searches_every_model(staff_client):
    MembershipFactory.create()
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = staff_client.get(url, {"q": "croix"} if model_admin.search_fields else {})
        assert response.status_code == 200, url
    our_models = {m._meta.label for m in admin.site._registry}
    assert {
        "accounts.User",
        "accounts.PersonalToken",
        "quartiers.Quartier",
        "quartiers.Membership",
        "quartiers.JoinRequest",
        "rides.Ride",
        "rides.RideRequest",
        "rides.Booking",
        "rides.Trip",
        "rides.MeetingPoint",
        "produce.Producer",
        "produce.Product",
        "produce.OrderCycle",
        "produce.Order",
        "produce.Payment",
        "produce.VolunteerRole",
    } <= our_models
    for label in ["accounts.User", "quartiers.Quartier", "quartiers.Membership"]:
        model = next(m for m in admin.site._registry if m._meta.label == label)
        assert admin.site._registry[model].search_fields, label


def test_the_api_schema_and_its_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/quartiers/{slug}/join/" in schema.content
    assert b"bearerAuth" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn.jsdelivr.net" not in docs


def test_celery_acknowledges_late_and_requeues_tasks_of_a_lost_worker():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
