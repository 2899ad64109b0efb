"""The JSON API of farm produce (AMAP): producers and their products, order cycles with their
offers and volunteer roles, members' orders, and the coordinators' desk (reports, changes after
the close, weights, payments).

Every view is a `neighbourhood.api.Endpoint` whose object is found by an access helper of
`selectors` (`get_cycle_for_member`, `get_cycle_for_coordinator`, `get_order_for_coordinator`,
`get_producer_for_manager`...): an outsider gets a 404 on all of them, a member a 403 on what
only a coordinator (or the producer) may do. The serializers check types and ranges; the
services hold the rules (stock, the limit per member, the close) and their refusals become 400
and 403. The PUT of an order is `services.order_replace`, as the page's order form.

Errors are flat: ``{"errors": {"lines": ["A valid integer is required."]}}``, never nested by
list index or sub-field, so ``detail`` is always a sentence a person can read.
"""
