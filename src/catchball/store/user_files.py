"""Reading a file the user names (an agenda, a scenario, an OKR): one sentence when it cannot be."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.okr_file import OkrFileError, parse_okr
from ..domain.quality import OkrDraft
from .reading import SMALL_FILE, UnreadableFile, read_text, shown

MAX_BYTES = SMALL_FILE


def read_user_file(path: Path, error: type[Exception] = ValueError, max_bytes: int = MAX_BYTES) -> str:
    """The file's UTF-8 text (bounded, regular files only); raise `error` naming the file."""
    try:
        return read_text(path, max_bytes)
    except UnreadableFile as exc:
        raise error(str(exc)) from None


def packaged_names(folder: str) -> list[str]:
    """The `.toml` files shipped in `catchball/<folder>`, by name without the suffix."""
    return sorted(p.name[:-5] for p in (resources.files("catchball") / folder).iterdir()
                  if p.name.endswith(".toml"))


def read_packaged_or_file(name_or_file: str, folder: str, what: str,
                          error: type[Exception] = ValueError) -> tuple[str, str]:
    """The text of a `.toml` file the user names by path, or of a packaged one by name, and
    where it came from (for the error messages); raise `error` in one sentence otherwise."""
    path = Path(name_or_file)
    if path.suffix == ".toml" or path.is_file():
        return read_user_file(path, error), shown(path)
    if name_or_file in packaged_names(folder):
        res = resources.files("catchball") / folder / f"{name_or_file}.toml"
        return res.read_text(encoding="utf-8"), f"{what} {name_or_file}"
    raise error(f"No {what} {shown(name_or_file)!r}: use one of {', '.join(packaged_names(folder))} "
                "or the path of a .toml file.")


def load_okr(path: str) -> OkrDraft:
    """A whole OKR from a TOML file (see `domain.okr_file`); `OkrFileError` in one sentence."""
    return parse_okr(read_user_file(Path(path), OkrFileError), shown(path))
