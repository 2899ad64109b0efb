"""The JSON API of knowledge swaps, their exchanges and evaluations.

Every view is a `neighbourhood.api.Endpoint`: a swap is found through `get_swap_for_member` (or
`get_swap_for_coordinator` to introduce someone) and an exchange through
`get_exchange_for_party`, so an outsider gets a 404 on all of them and a member a 403 on a
coordinator's endpoint. The services hold the other rules (only the author edits); their
refusals become 400 and 403.
"""
