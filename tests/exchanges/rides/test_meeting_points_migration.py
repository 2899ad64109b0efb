"""The migration that makes meeting points places: every meeting point becomes a place of the
kind "meeting point" with the same id, the rides that started, ended or passed there still do,
and going back gives the meeting points back."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("rides", "0001_initial"), ("places", "0001_initial")]
AFTER = [("rides", "0002_meeting_points_become_places")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the database now holds them: the targets, and every migration of other apps
    # still applied (a field added later to quartiers is in the table, so in the model too).
    applied = MigrationExecutor(connection).loader.applied_migrations
    return executor.loader.project_state(list(applied)).apps


@pytest.mark.django_db(transaction=True)
def test_meeting_points_become_places_and_come_back():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Quartier = old.get_model("quartiers", "Quartier")
    MeetingPoint = old.get_model("rides", "MeetingPoint")
    Ride = old.get_model("rides", "Ride")
    driver = User.objects.create(email="driver@example.org", display_name="Driver")
    quartier = Quartier.objects.create(name="Gare", slug="gare-m", latitude=45.75, longitude=4.85)
    station = MeetingPoint.objects.create(
        quartier=quartier, name="Gare", address="Place de la gare", latitude=45.76, longitude=4.86
    )
    market = MeetingPoint.objects.create(
        quartier=quartier, name="Marché", latitude=45.77, longitude=4.87
    )
    ride_fields = {f.name for f in Ride._meta.get_fields()}
    values = {
        "quartier": quartier,
        "driver": driver,
        "origin_label": "Gare",
        "origin_latitude": 45.76,
        "origin_longitude": 4.86,
        "origin_point": station,
        "destination_label": "Lyon",
        "destination_latitude": 45.7,
        "destination_longitude": 4.8,
    }
    values["departs_at"] = datetime.datetime(2026, 12, 12, 9, tzinfo=datetime.UTC)
    ride = Ride.objects.create(
        **{k: v for k, v in values.items() if k in ride_fields}, kind="one_off"
    )
    ride.via.add(market)

    new = _migrate(AFTER)
    Place = new.get_model("places", "Place")
    NewRide = new.get_model("rides", "Ride")
    places = {p.id: p for p in Place.objects.all()}
    assert places[station.id].name == "Gare"
    assert places[station.id].kind == "meeting_point"
    assert places[station.id].status == "approved"
    assert places[station.id].address == "Place de la gare"
    assert places[market.id].latitude == 45.77
    moved = NewRide.objects.get(pk=ride.pk)
    assert moved.origin_point_id == station.id
    assert [p.id for p in moved.via.all()] == [market.id]
    # A new place gets an id after the copied ones (the sequence was moved on).
    fresh = Place.objects.create(quartier_id=quartier.id, name="Mairie", kind="public_service")
    assert fresh.id > max(station.id, market.id)

    back = _migrate(BEFORE)
    OldPoint = back.get_model("rides", "MeetingPoint")
    assert sorted(OldPoint.objects.values_list("name", flat=True)) == ["Gare", "Marché"]
    assert back.get_model("rides", "Ride").objects.get(pk=ride.pk).origin_point_id == station.id
    _migrate(AFTER)
