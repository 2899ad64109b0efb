"""What gatherings tell people and publish in the feed: registered in `EventsConfig.ready`."""


def register_kinds() -> None:
    """Filled in with the gatherings' notification and feed kinds."""
