"""Reads of mutual aid and the access helpers, by subject: `help` and `objects`."""
