"""Views of the produce API, split by noun like its services."""

COORDINATORS = "Coordinators only."
MANAGERS = "Coordinators, or the producer's own account."
