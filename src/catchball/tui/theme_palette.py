"""catchball's own theme variables and how a theme file's table becomes a Textual ``Theme``.

Shared by ``themes`` (which loads and installs themes) and ``theme_file`` (which validates a
user's file): both import this module, neither imports the other at module level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.theme import Theme

# These are the only colour literals in catchball's Python code, by design: the last-resort
# values of catchball's own theme variables, equal to the shipped `catchball` (dark) theme.
# A theme file that leaves a variable out does not get these: it gets the matching colour of
# its own palette (see DERIVED_FROM), which suits light themes too. These are only used for
# a theme that offers nothing to derive from, and as the app's `get_theme_variable_defaults`.
CATCHBALL_VARIABLE_DEFAULTS: dict[str, str] = {
    "timer-running": "#5fd38d",
    "timer-paused": "#8fa3b8",
    "timer-warning": "#ffb454",
    "timer-overtime": "#ff6b6b",
    "finding-error": "#ff6b6b",
    "finding-warning": "#ffb454",
    "finding-info": "#6cb6ff",
}

# For a variable a theme leaves out: the theme fields to take it from, first one set wins
# (the same fallbacks Textual uses: error -> secondary -> primary and so on).
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "timer-running": ("success", "secondary", "primary"),
    "timer-paused": ("foreground",),
    "timer-warning": ("warning", "primary"),
    "timer-overtime": ("error", "secondary", "primary"),
    "finding-error": ("error", "secondary", "primary"),
    "finding-warning": ("warning", "primary"),
    "finding-info": ("primary",),
}

def with_catchball_variables(palette: Mapping[str, Any], variables: Mapping[str, str]) -> dict[str, str]:
    """``variables`` plus, for each catchball variable missing, a colour from ``palette``."""
    filled = dict(variables)
    for name, sources in DERIVED_FROM.items():
        if name in filled:
            continue
        derived = next((palette[field] for field in sources if palette.get(field)), None)
        filled[name] = derived or CATCHBALL_VARIABLE_DEFAULTS[name]
    return filled


def theme_from_palette(palette: Mapping[str, Any]) -> Theme:
    """The Textual theme for a theme file's table, with every catchball variable present.

    The table must already be sound: a shipped theme (``tests/test_themes.py`` validates each
    one with ``ThemeFile``) or a user's file that ``ThemeFile`` has checked.
    """
    fields = {key: value for key, value in palette.items() if key != "variables"}
    return Theme(**fields, variables=with_catchball_variables(fields, palette.get("variables", {})))
