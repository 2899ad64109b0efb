"""Consultations' part of the registries (to be filled in)."""


def register_sheet_sections() -> None:
    pass
