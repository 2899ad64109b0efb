"""Views of the carpool API, split by noun like its services."""
