"""The short codes printed on the sheet: a section's letter, a hyphen and the item's id ("E-42").

A code is stable (the id of a row never changes, nor a section's letter) and unambiguous (a
letter belongs to one section, I and O are never used, so no letter reads as a digit). Typed
back, it is forgiving: "e42", "E 42", "E–42" and "E-042" all read as E-42.
"""

from __future__ import annotations

import re

_TYPED = re.compile(r"^\s*([A-Za-z])\s*[-‐‑‒–—_. ]?\s*0*(\d{1,9})\s*$")


def code_for(letter: str, item_id: int) -> str:
    return f"{letter.upper()}-{item_id}"


def parse_code(text: str) -> tuple[str, int] | None:
    """The letter and the id of a typed code, or None if it does not look like one."""
    found = _TYPED.match(text or "")
    if found is None or found.group(2) == "":
        return None
    return found.group(1).upper(), int(found.group(2))
