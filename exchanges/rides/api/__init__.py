"""The JSON API of carpooling: meeting points, rides, their dates and seats, ride requests,
the search, and my rides with their calendar address.

Every view is a `neighbourhood.api.Endpoint`: a ride is found through `get_ride_for_member` (or
`get_ride_for_driver`), a request through `get_request_for_member` (or
`get_request_for_author`) and a booking through `get_booking_for_party`, so an outsider gets a
404 on all of them and a member the 403 of a driver's or coordinator's endpoint before the
input is read. The serializers check types and ranges; the services hold the rules (only the
driver edits, seats are never overbooked) and their refusals become 400 and 403.

Errors are flat: ``{"errors": {"origin": ["A latitude lies between -90 and 90."]}}``, never
nested by list index or sub-field, so ``detail`` is always a sentence a person can read.
"""
