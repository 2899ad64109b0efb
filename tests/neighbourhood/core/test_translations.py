from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[3] / "locale"


def test_every_french_string_is_translated_and_none_is_a_guess():
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po)
    messages = [m for m in catalog if m.id]
    untranslated = [
        m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert len(messages) > 150
    assert untranslated == []
    assert fuzzy == []
