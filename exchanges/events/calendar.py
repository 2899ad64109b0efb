"""Gatherings in the calendars (neighbourhood.calendar): registered in `EventsConfig.ready`."""


def register_sections() -> None:
    """Filled in with the gatherings' calendar sections."""
