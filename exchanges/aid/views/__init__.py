"""Mutual aid's pages, by subject: `help` and `objects`."""
