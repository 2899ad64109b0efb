"""Views of the quartier API, by noun: `quartiers`, `members`, `join_requests`."""
