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


def test_every_string_the_code_marks_is_in_the_french_catalogue(tmp_path, settings, monkeypatch):
    """A string marked in the code but missing from the .po shows in English to French readers:
    the catalogue is extracted afresh, as `make messages` does, into a copy, and compared."""
    import shutil

    from django.core.management import call_command

    # Extracted in a copy of the tree (its code linked, its catalogue copied), since
    # makemessages writes beside the files it reads.
    for part in ("exchanges", "messaging", "neighbourhood", "templates", "tests"):
        (tmp_path / part).symlink_to(LOCALE.parent / part)
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=["fr"],
        symlinks=True,
        no_obsolete=True,
        verbosity=0,
    )
    with (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po)
    # msgmerge fills a new string with a close one's translation, marked fuzzy: a guess is missing.
    missing = [
        (m.context, m.id)
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert missing == []
