"""Agenda templates: the packaged ones by name, or a TOML file given by path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.agenda import Agenda, AgendaError, parse_agenda


def agenda_names() -> list[str]:
    folder = resources.files("catchball") / "agendas"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_agenda(name_or_file: str) -> Agenda:
    path = Path(name_or_file)
    if path.suffix == ".toml" and path.is_file():
        try:
            return parse_agenda(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise AgendaError(f"{path}: cannot read it ({exc}).") from None
    if name_or_file in agenda_names():
        res = resources.files("catchball") / "agendas" / f"{name_or_file}.toml"
        return parse_agenda(res.read_text(encoding="utf-8"), f"agenda {name_or_file}")
    raise AgendaError(
        f"No agenda {name_or_file!r}: use one of {', '.join(agenda_names())} or the path of a .toml file.")
