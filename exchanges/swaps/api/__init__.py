"""The JSON API of knowledge swaps, their exchanges and evaluations.

Every swap is fetched through `get_swap_for_member` and every exchange through
`get_exchange_for_party`: an outsider gets a 404 on all of them. The services hold the rules (only
the author edits, only a coordinator introduces); their refusals become 400 and 403.
"""
