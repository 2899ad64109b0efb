"""Views of mutual aid's API, by subject."""
