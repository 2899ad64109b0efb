"""Mutual aid's forms, by subject: `help` and `objects`."""
