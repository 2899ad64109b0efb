from django.contrib import admin

from exchanges.rides.models import (
    Booking,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
)


@admin.register(MeetingPoint)
class MeetingPointAdmin(admin.ModelAdmin):
    list_display = ["name", "quartier", "address", "latitude", "longitude"]
    search_fields = ["name", "address", "quartier__name"]
    raw_id_fields = ["quartier"]


class WeeklyDepartureInline(admin.TabularInline):
    model = WeeklyDeparture
    extra = 0


@admin.register(Ride)
class RideAdmin(admin.ModelAdmin):
    list_display = ["__str__", "driver", "quartier", "kind", "departs_at", "seats", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["origin_label", "destination_label", "driver__email", "quartier__name"]
    raw_id_fields = [
        "quartier",
        "driver",
        "origin_point",
        "destination_point",
        "return_of",
        "conversation",
    ]
    inlines = [WeeklyDepartureInline]


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["ride", "date", "departs_at", "seats", "seats_taken", "is_cancelled"]
    list_filter = ["is_cancelled"]
    search_fields = ["ride__origin_label", "ride__destination_label"]
    raw_id_fields = ["ride"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["passenger", "trip", "seats", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["passenger__email", "trip__ride__origin_label"]
    raw_id_fields = ["trip", "passenger", "changed_by"]


@admin.register(RideRequest)
class RideRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "passenger", "quartier", "kind", "earliest_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["origin_label", "destination_label", "passenger__email", "quartier__name"]
    raw_id_fields = ["quartier", "passenger", "origin_point", "destination_point"]
