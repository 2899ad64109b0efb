"""Views of the produce API, split by noun like its services."""
