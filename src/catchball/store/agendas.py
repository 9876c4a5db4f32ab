"""Agenda templates: the packaged ones by name, or a TOML file given by path."""

from __future__ import annotations

from ..domain.agenda import Agenda, AgendaError, parse_agenda
from .user_files import packaged_names, read_packaged_or_file


def agenda_names() -> list[str]:
    return packaged_names("agendas")


def load_agenda(name_or_file: str) -> Agenda:
    return parse_agenda(*read_packaged_or_file(name_or_file, "agendas", "agenda", AgendaError))
