"""Agenda templates: the packaged ones by name, or a TOML file given by path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.agenda import Agenda, AgendaError, parse_agenda
from .user_files import read_user_file


def agenda_names() -> list[str]:
    folder = resources.files("catchball") / "agendas"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_agenda(name_or_file: str) -> Agenda:
    path = Path(name_or_file)
    if path.suffix == ".toml" and path.is_file():
        return parse_agenda(read_user_file(path, AgendaError), str(path))
    if name_or_file in agenda_names():
        res = resources.files("catchball") / "agendas" / f"{name_or_file}.toml"
        return parse_agenda(res.read_text(encoding="utf-8"), f"agenda {name_or_file}")
    raise AgendaError(
        f"No agenda {name_or_file!r}: use one of {', '.join(agenda_names())} or the path of a .toml file.")
