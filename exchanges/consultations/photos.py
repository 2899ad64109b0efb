"""Consultations' part of the registries (to be filled in)."""


def register_photo_subjects() -> None:
    pass
