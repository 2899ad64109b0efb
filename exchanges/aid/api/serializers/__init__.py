"""Serializers of mutual aid's API, by subject: `help` and `objects`."""
