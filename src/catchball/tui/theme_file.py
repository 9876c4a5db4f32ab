"""A user's theme file, validated: the record behind ``catchball.tui.themes``.

Imported only when a theme file outside the package is read (the user themes folder or
``--themes-dir``): the shipped themes are built as they are, with no check at start-up.
``tests/test_themes.py`` validates every shipped theme with this same record.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..domain.record import FieldError, Record, ValidationError, decode, error_parts, to_dict
from ..domain.text import one_line
from .theme_palette import CATCHBALL_VARIABLE_DEFAULTS, theme_from_palette

# Variable names that look like catchball's own but are not one of them are typos.
_CATCHBALL_VARIABLE_PREFIXES = ("timer-", "finding-")
_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background",
            "surface", "panel", "boost")


def _check_colour(where: str, value: object) -> None:
    if isinstance(value, str):
        try:
            Color.parse(value)
            return
        except ColorParseError:
            pass
    raise FieldError(where, f"{value!r} is not a colour (use e.g. \"#1a2b3c\" or \"rgb(26,43,60)\")")


def _check_variable_name(name: str) -> None:
    where = f"variables.{name}"
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
        raise FieldError(where, f"{name!r} is not a variable name (lower-case words joined by '-')")
    if name.startswith(_CATCHBALL_VARIABLE_PREFIXES) and name not in CATCHBALL_VARIABLE_DEFAULTS:
        known = ", ".join(CATCHBALL_VARIABLE_DEFAULTS)
        raise FieldError(where, f"{name!r} is not one of catchball's variables ({known})")


class ThemeFile(Record, kw_only=True):
    """One theme file as written on disk; every colour is checked when the file is read.

    Keys mirror ``textual.theme.Theme``; unknown keys are rejected (they are typos).
    ``name``, ``primary`` (Textual requires it), ``foreground`` and ``background`` are required.
    Read with ``read_theme_file`` (strictly: ``dark = "false"`` is not a boolean).
    """

    name: str
    dark: bool = True
    primary: str
    secondary: str | None = None
    accent: str | None = None
    warning: str | None = None
    error: str | None = None
    success: str | None = None
    foreground: str
    background: str
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None
    variables: dict[str, Any] = {}  # name -> colour, each checked below (naming the one that is wrong)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", self.name):
            raise FieldError("name", f"{self.name!r} is not a usable theme name "
                                     "(letters, digits, '-' and '_', at most 64)")
        for field in _COLOURS:
            value = getattr(self, field)
            if value is not None:
                _check_colour(field, value)
        for name, colour in self.variables.items():
            _check_variable_name(name)
            _check_colour(f"variables.{name}", colour)

    def to_theme(self) -> Theme:
        """The Textual theme, with every catchball variable present."""
        return theme_from_palette(to_dict(self))


def read_theme_file(data: dict[str, Any]) -> ThemeFile:
    """A theme file's table as read from TOML, checked; ValidationError says what is wrong."""
    return decode(data, ThemeFile, strict=True)


def _describe_error(error: ValidationError) -> str:
    where, what = error_parts(error, ThemeFile)
    where, what = one_line(where, 80) or "the file", one_line(what, 200)  # key names come from the file
    if what == "is missing":
        return f"{where!r} is missing"
    if what == "is not a field here":
        return f"{where!r} is not a theme key"
    return f"{where!r}: {what}"


def validate_theme_file(path: Path, data: dict[str, Any]) -> tuple[Theme | None, str | None]:
    """The theme in ``path`` (read as ``data``), or the sentence saying why it was skipped."""
    try:
        model = read_theme_file(data)
    except ValidationError as error:
        return None, f"Theme file {path} was skipped: {_describe_error(error)}."
    return model.to_theme(), None
