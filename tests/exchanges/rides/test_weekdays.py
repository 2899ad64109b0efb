"""The rides' weekly departures and the places' opening hours speak of the same weekdays: one
enum, the places' (0 is Monday), which rides import rather than write again."""

from __future__ import annotations

from exchanges.rides import models as rides
from exchanges.rides.forms import common as ride_forms
from neighbourhood.places.models import Weekday


def test_rides_read_their_weekdays_from_the_places_enum():
    field = rides.WeeklyDeparture._meta.get_field("weekday")

    assert vars(rides)["Weekday"] is Weekday  # imported, not a second copy
    assert ride_forms.Weekday is Weekday
    assert field.choices == Weekday.choices
    assert Weekday.MONDAY == 0 and Weekday.SUNDAY == 6
