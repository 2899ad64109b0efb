"""The JSON API of carpooling: meeting points, rides, their dates and seats, ride requests,
the search, and my rides with their calendar address.

Every ride is fetched through `get_ride_for_member`, every request through
`get_request_for_member` and every booking through `get_booking_for_party`: an outsider gets a
404 on all of them. The serializers check types and ranges; the services hold the rules (only
the driver edits, only a coordinator adds a meeting point, seats are never overbooked) and their
refusals become 400 and 403.

Errors are flat: ``{"errors": {"origin": ["A latitude lies between -90 and 90."]}}``, never
nested by list index or sub-field, so ``detail`` is always a sentence a person can read.
"""
