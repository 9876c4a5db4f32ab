"""A user's theme file, validated: the pydantic model behind ``catchball.tui.themes``.

Imported only when a theme file outside the package is read (the user themes folder or
``--themes-dir``), so that starting the app with the shipped themes costs no pydantic.
``tests/test_themes.py`` validates every shipped theme with this same model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
)
from textual.color import Color, ColorParseError
from textual.theme import Theme

from .theme_palette import CATCHBALL_VARIABLE_DEFAULTS, theme_from_palette

# Variable names that look like catchball's own but are not one of them are typos.
_CATCHBALL_VARIABLE_PREFIXES = ("timer-", "finding-")


def _check_colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"{value!r} is not a colour (use e.g. \"#1a2b3c\" or \"rgb(26,43,60)\")") from None
    return value


def _check_variable_name(name: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
        raise ValueError(f"{name!r} is not a variable name (lower-case words joined by '-')")
    if name.startswith(_CATCHBALL_VARIABLE_PREFIXES) and name not in CATCHBALL_VARIABLE_DEFAULTS:
        known = ", ".join(CATCHBALL_VARIABLE_DEFAULTS)
        raise ValueError(f"{name!r} is not one of catchball's variables ({known})")
    return name


def _check_theme_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", name):
        raise ValueError(
            f"{name!r} is not a usable theme name (letters, digits, '-' and '_', at most 64)"
        )
    return name


Colour = Annotated[StrictStr, AfterValidator(_check_colour)]
VariableName = Annotated[StrictStr, AfterValidator(_check_variable_name)]


class ThemeFile(BaseModel):
    """One theme file as written on disk; every colour is checked when the file is read.

    Keys mirror ``textual.theme.Theme``; unknown keys are rejected (they are typos).
    ``name``, ``primary`` (Textual requires it), ``foreground`` and ``background`` are required.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[StrictStr, AfterValidator(_check_theme_name)]
    dark: StrictBool = True
    primary: Colour
    secondary: Colour | None = None
    accent: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    success: Colour | None = None
    foreground: Colour
    background: Colour
    surface: Colour | None = None
    panel: Colour | None = None
    boost: Colour | None = None
    variables: dict[VariableName, Colour] = Field(default_factory=dict)

    def to_theme(self) -> Theme:
        """The Textual theme, with every catchball variable present."""
        return theme_from_palette(self.model_dump())


def _describe_errors(error: ValidationError) -> str:
    parts: list[str] = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"] if part != "[key]") or "the file"
        kind = detail["type"]
        if kind == "missing":
            parts.append(f"{where!r} is missing")
        elif kind == "extra_forbidden":
            parts.append(f"{where!r} is not a theme key")
        elif kind == "value_error":
            message = str(detail["msg"]).removeprefix("Value error, ")
            parts.append(f"{where!r}: {message}")
        else:
            parts.append(f"{where!r}: {detail['msg']}")
    return "; ".join(parts)


def validate_theme_file(path: Path, data: dict[str, Any]) -> tuple[Theme | None, str | None]:
    """The theme in ``path`` (read as ``data``), or the sentence saying why it was skipped."""
    try:
        model = ThemeFile.model_validate(data)
    except ValidationError as error:
        return None, f"Theme file {path} was skipped: {_describe_errors(error)}."
    return model.to_theme(), None
