"""The production set's list of processes (``Procfile``) and nginx's template, filled in."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
PROCFILE = DEPLOY_DIR / "Procfile"
NGINX_TEMPLATE = DEPLOY_DIR / "nginx.conf"

# The lines every Procfile must have, and the one that must stay alone in the whole site.
REQUIRED = ("nginx", "app")
SINGLETON = "beat"
_LINE = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)\s*:\s*(?P<command>\S.*)$")
_PLACEHOLDER = re.compile(r"{{\s*([a-z_]+)\s*}}")


class ProcfileError(ValueError):
    """The Procfile or the nginx template cannot be read as the set needs."""


@dataclass(frozen=True)
class Entry:
    """One line of the Procfile: a kind of process and its command, placeholders unfilled."""

    name: str
    command: str

    def argv(self, **values: str) -> list[str]:
        """The command with its placeholders ({python}, {port}, {run}, {nginx}) filled in."""
        try:
            return shlex.split(self.command.format_map(values))
        except KeyError as missing:
            raise ProcfileError(f"Procfile line {self.name!r} uses an unknown {missing}.") from None


def read_procfile(path: Path = PROCFILE) -> dict[str, Entry]:
    """The Procfile's lines by name, in their order; comments and blank lines skipped."""
    entries: dict[str, Entry] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise ProcfileError(f"{path}:{number}: expected `name: command`, found {raw!r}.")
        name = match["name"]
        if name in entries:
            raise ProcfileError(f"{path}:{number}: {name!r} is listed twice.")
        entries[name] = Entry(name, match["command"])
    for name in REQUIRED:
        if name not in entries:
            raise ProcfileError(f"{path} has no {name!r} line.")
    return entries


def render_nginx(values: dict[str, str], template: Path = NGINX_TEMPLATE) -> str:
    """nginx's configuration: the template with every {{ name }} filled in."""

    def fill(match: re.Match[str]) -> str:
        try:
            return values[match[1]]
        except KeyError:
            raise ProcfileError(f"{template} needs a value for {{{{ {match[1]} }}}}.") from None

    return _PLACEHOLDER.sub(fill, template.read_text(encoding="utf-8"))
