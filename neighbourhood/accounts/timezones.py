"""The timezones a resident picks from: France's first, then the French overseas ones by their
place names, then every other one by its name (most residents never scroll past the first)."""

import zoneinfo

from django.utils.translation import gettext_lazy as _

FRANCE = "Europe/Paris"
# In the order of their number of residents, more or less: a neighbour finds theirs at a glance.
OVERSEAS = [
    ("Indian/Reunion", _("La Réunion")),
    ("America/Guadeloupe", _("Guadeloupe")),
    ("America/Martinique", _("Martinique")),
    ("America/Cayenne", _("French Guiana")),
    ("Indian/Mayotte", _("Mayotte")),
    ("Pacific/Noumea", _("New Caledonia")),
    ("Pacific/Tahiti", _("French Polynesia (Tahiti)")),
    ("Pacific/Marquesas", _("French Polynesia (Marquesas)")),
    ("Pacific/Gambier", _("French Polynesia (Gambier)")),
    ("America/Marigot", _("Saint-Martin")),
    ("America/St_Barthelemy", _("Saint-Barthélemy")),
    ("America/Miquelon", _("Saint-Pierre-et-Miquelon")),
    ("Pacific/Wallis", _("Wallis-et-Futuna")),
]
FIRST = {FRANCE, *(name for name, _label in OVERSEAS)}
OTHERS = sorted(
    name
    for name in zoneinfo.available_timezones()
    if "/" in name and not name.startswith("Etc/") and name not in FIRST
)


def timezone_choices() -> list[tuple[str, list[tuple[str, object]]]]:
    """Grouped choices for a form's select; called when the form is drawn, so the group names
    are in the reader's language."""
    return [
        (str(_("France")), [(FRANCE, _("Metropolitan France (Paris)"))]),
        (
            str(_("French overseas")),
            [(name, label) for name, label in OVERSEAS if name in zoneinfo.available_timezones()],
        ),
        (str(_("Elsewhere in the world")), [(name, name.replace("_", " ")) for name in OTHERS]),
    ]
