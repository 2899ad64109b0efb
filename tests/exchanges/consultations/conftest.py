"""Consultations' documents are written to a fresh private folder per test, through the same
STORAGES["documents"] setting a deployment uses."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "exchanges.consultations.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root
