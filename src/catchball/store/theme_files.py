"""Theme files and the small user config file, on disk.

This is the only place that reads theme TOML files or reads/writes the user config
(``config.toml``, which remembers the chosen theme). Nothing here knows about Textual:
the TUI layer (``catchball.tui.themes``) validates what is read and turns it into
``textual.theme.Theme`` objects.

Locations:

* built-in themes: ``catchball/themes`` inside the installed wheel, or the repository's
  top-level ``themes/`` folder in a source / editable checkout;
* user config dir: ``platformdirs.user_config_dir("catchball")``, or the directory named by
  the ``CATCHBALL_CONFIG_DIR`` environment variable when it is set;
* user themes: ``<user config dir>/themes/*.toml``;
* remembered choice: ``<user config dir>/config.toml`` (e.g. ``theme = "projector"``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs

from .atomic import clean_temp_files, write_atomic
from .reading import UnreadableFile, read_toml

__all__ = [
    "CONFIG_DIR_ENV",
    "builtin_themes_dir",
    "load_user_config",
    "read_theme_files",
    "save_user_config",
    "user_config_dir",
    "user_config_path",
    "user_themes_dir",
]

CONFIG_DIR_ENV = "CATCHBALL_CONFIG_DIR"
"""Environment variable that overrides the user config directory (tests, portable installs)."""

_APP_NAME = "catchball"
_CONFIG_FILE = "config.toml"
_STALE_TEMP_SECONDS = 60.0
"""A leftover temp file older than this is from a write that died; it is removed."""


def builtin_themes_dir() -> Path:
    """The folder of theme files shipped with catchball.

    In an installed wheel that is the packaged ``catchball/themes``; in a source or editable
    checkout (where the package has no ``themes`` folder) it is the repository's top-level
    ``themes/``.
    """
    here = Path(__file__).resolve()  # catchball/store/theme_files.py (not importlib.resources:
    packaged = here.parents[1] / "themes"  # that loads zipfile and more on the start-up path)
    return packaged if packaged.is_dir() else here.parents[3] / "themes"


def read_theme_files(dirs: list[Path]) -> list[tuple[Path, dict[str, Any] | UnreadableFile]]:
    """Read every ``*.toml`` file of each folder in ``dirs``, in order, sorted by name.

    Each result is ``(path, table)`` or, when the file cannot be read, is too large or too
    deeply nested, or is not TOML, ``(path, error)`` whose str() is one sentence naming the
    file: a broken file is reported, never raised. Folders that do not exist or cannot be
    listed are skipped (the user themes folder usually does not exist).
    """
    results: list[tuple[Path, dict[str, Any] | UnreadableFile]] = []
    for folder in dirs:
        folder = Path(folder)
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:
            paths = []
        for path in paths:
            try:
                results.append((path, read_toml(path)))
            except UnreadableFile as error:
                results.append((path, error))
    return results


def user_config_dir() -> Path:
    """The user's catchball config folder (``CATCHBALL_CONFIG_DIR`` wins when set)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(_APP_NAME))


def user_config_path() -> Path:
    """The small user config file that remembers choices such as the theme."""
    return user_config_dir() / _CONFIG_FILE


def user_themes_dir() -> Path:
    """The folder whose ``*.toml`` theme files join (or override) the built-in ones."""
    return user_config_dir() / "themes"


def load_user_config() -> dict[str, Any]:
    """The user config as a dict; ``{}`` when there is no config file yet.

    Raises ``UnreadableFile`` (one sentence) when the file exists but cannot be read, is not
    UTF-8 or not TOML, so the caller can tell the user instead of silently forgetting their
    settings.
    """
    try:
        return read_toml(user_config_path())
    except UnreadableFile as error:
        if error.missing:
            return {}
        raise


def save_user_config(config: dict[str, Any]) -> None:
    """Write the user config atomically (temp file, fsync, os.replace; see `atomic`).

    Temp files that an earlier writer left behind (older than a minute, so never a
    concurrent writer's) are removed first.
    """
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_temp_files(path.parent, older_than=_STALE_TEMP_SECONDS)
    import tomli_w  # only when the theme choice changes

    write_atomic(path, tomli_w.dumps(config).encode("utf-8"))


