"""Consultations' part of the registries (to be filled in)."""


def register_kinds() -> None:
    pass
