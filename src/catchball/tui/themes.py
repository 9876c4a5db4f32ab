"""Themes for the room: theme files validated and turned into Textual ``Theme`` objects.

Theme files are TOML (see the README's *Themes* section). Their top-level keys mirror
``textual.theme.Theme``; catchball's own colours (timer states, finding severities) live
under ``[variables]`` and are used in ``.tcss`` as ``$timer-running``, ``$finding-error`` …

Reading files is ``catchball.store.theme_files``'s job; this module builds ``Theme`` objects
from what was read, registers them on the app and picks the one to show. A user's theme file
is validated first by ``catchball.tui.theme_file`` (a record, every colour through
``textual.color.Color.parse``); the shipped ones are package data that the tests validate
with the same record, so the app starts without checking them. A broken file never crashes
the app: it becomes a one-sentence problem for the app to ``notify`` (as plain text, not markup) and
the default theme is used instead.

The app is expected to:

* call ``install_themes(self, themes_dir, requested)`` in ``__init__`` (after
  ``super().__init__()``) and ``notify`` each returned sentence once running (``on_mount``);
* return ``CATCHBALL_VARIABLE_DEFAULTS`` from ``get_theme_variable_defaults``. ``install_themes``
  gives every registered theme catchball's variables, but Textual parses the stylesheet before
  ``on_mount``: without this override an app that installs its themes there (or a test app
  that never installs them) fails on ``$timer-running`` with "undefined variable";
* call ``remember_theme(name)`` when ``App.theme`` changes (a ``watch_theme``), so the choice
  made in the command palette's theme switcher is used at the next start.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color
from textual.theme import Theme

from catchball.store import theme_files
from catchball.store.errors import StoreError

from .theme_palette import (
    CATCHBALL_VARIABLE_DEFAULTS,
    DERIVED_FROM,
    theme_from_palette,
    with_catchball_variables,
)

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "CATCHBALL_VARIABLE_DEFAULTS",
    "DEFAULT_THEME",
    "contrast_ratio",
    "install_themes",
    "load_themes",
    "remember_theme",
    "theme_from_palette",
]

DEFAULT_THEME = "catchball"
"""The theme used when none is requested or remembered, and the fallback for unknown ones."""

def _theme_for(path: Path, data: dict[str, Any] | Exception, *, shipped: bool) -> tuple[Theme | None, str | None]:
    """The theme in ``path``, or the sentence saying why it was skipped.

    Shipped themes are package data checked by the tests, so they are built as they are and
    no check is on the start-up path; a user's file is validated first.
    """
    if isinstance(data, Exception):
        return None, f"A theme file was skipped: {data}"
    if shipped:
        return theme_from_palette(data), None
    from .theme_file import validate_theme_file

    return validate_theme_file(path, data)


def load_themes(themes_dir: Path | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme catchball can offer, and a sentence for each file that could not be used.

    Themes come from the built-in folder, then the user themes folder, then ``themes_dir``
    (``--themes-dir``); a later theme with the same ``name`` replaces an earlier one, so users
    can adjust a built-in theme. Broken files are skipped, never raised.
    """
    problems: list[str] = []
    folders: list[Path] = [theme_files.builtin_themes_dir(), theme_files.user_themes_dir()]
    if not folders[0].is_dir():
        problems.append(f"The built-in themes folder {folders[0]} is missing; only Textual's themes are available.")
    if themes_dir is not None:
        themes_dir = Path(themes_dir)
        if themes_dir.is_dir():
            folders.append(themes_dir)
        else:
            problems.append(f"Themes folder {themes_dir} does not exist or is not a folder; it was ignored.")

    themes: dict[str, Theme] = {}
    for folder in dict.fromkeys(folders):  # the same folder twice is read once
        seen_here: dict[str, Path] = {}
        shipped = folder == folders[0]
        for path, data in theme_files.read_theme_files([folder]):
            theme, problem = _theme_for(path, data, shipped=shipped)
            if problem is not None:
                problems.append(problem)
                continue
            assert theme is not None
            if theme.name in seen_here:
                problems.append(
                    f"Theme files {seen_here[theme.name]} and {path} both name the theme "
                    f"{theme.name!r}; the one in {path.name} is used."
                )
            seen_here[theme.name] = path
            themes[theme.name] = theme
    return list(themes.values()), problems


def install_themes(app: App[Any], themes_dir: Path | None, requested: str | None) -> list[str]:
    """Register every theme on ``app``, choose one, and return sentences to ``notify``.

    The theme shown is ``requested`` (``--theme``) when it is known, else the remembered
    choice, else ``catchball``; an unknown request falls back to ``catchball`` with a
    sentence saying so. Textual's own themes stay available in the command palette and are
    given catchball's variables, so switching to one of them never breaks the stylesheet.
    """
    themes, problems = load_themes(themes_dir)
    for theme in themes:
        app.register_theme(theme)
    for name, theme in list(app.available_themes.items()):
        if not all(variable in theme.variables for variable in DERIVED_FROM):
            palette = {field.name: getattr(theme, field.name) for field in dataclasses.fields(theme)}
            variables = with_catchball_variables(palette, theme.variables)
            app.register_theme(dataclasses.replace(theme, variables=variables))

    available = app.available_themes
    default = DEFAULT_THEME if DEFAULT_THEME in available else app.theme
    if default != DEFAULT_THEME:
        problems.append(f"The {DEFAULT_THEME!r} theme could not be loaded; using {default!r}.")

    chosen = default
    if requested:
        if requested in available:
            chosen = requested
        else:
            problems.append(
                f"There is no theme called {requested!r}; using {default!r} "
                f"(themes: {', '.join(sorted(available))})."
            )
    else:
        try:
            remembered = theme_files.load_user_config().get("theme")
        except StoreError as error:
            remembered = None
            problems.append(
                f"The settings were not used: {error} Using the {default!r} theme."
            )
        if isinstance(remembered, str) and remembered in available:
            chosen = remembered
        elif remembered is not None:
            problems.append(f"The remembered theme {remembered!r} is not available any more; using {default!r}.")
    app.theme = chosen
    return problems


def remember_theme(name: str) -> str | None:
    """Remember ``name`` as the theme for the next start; a sentence to ``notify`` if that failed.

    Other settings in the user config file are kept. An unreadable config file is left as it
    is rather than overwritten.
    """
    try:
        config = theme_files.load_user_config()
    except StoreError as error:
        return f"The theme choice was not saved: {error}"
    if config.get("theme") == name:
        return None
    config["theme"] = name
    try:
        theme_files.save_user_config(config)
    except OSError as error:
        return f"The theme choice was not saved to {theme_files.user_config_path()} ({error})."
    return None


def _relative_luminance(colour: Color) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour.rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio (1.0 to 21.0) of colour ``fg`` on colour ``bg``.

    A translucent foreground is first blended onto the background, as it would be seen.
    """
    background = Color.parse(bg).with_alpha(1.0)
    foreground = Color.parse(fg)
    if foreground.a < 1.0:
        foreground = background.blend(foreground.with_alpha(1.0), foreground.a)
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
