"""Reading a file the user names (an agenda, a scenario, an OKR): one sentence when it cannot be."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.okr_file import OkrFileError, parse_okr
from ..domain.quality import OkrDraft

MAX_BYTES = 1_000_000


def read_user_file(path: Path, error: type[Exception] = ValueError, max_bytes: int = MAX_BYTES) -> str:
    """The file's UTF-8 text; raise `error` naming the file and what is wrong with it."""
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{path}: too large (over {max_bytes // 1_000_000} MB).")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file.") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"{path}: line {line} is not valid UTF-8 text.") from None


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
        return read_user_file(path, error), str(path)
    if name_or_file in packaged_names(folder):
        res = resources.files("catchball") / folder / f"{name_or_file}.toml"
        return res.read_text(encoding="utf-8"), f"{what} {name_or_file}"
    raise error(f"No {what} {name_or_file!r}: use one of {', '.join(packaged_names(folder))} "
                "or the path of a .toml file.")


def load_okr(path: str) -> OkrDraft:
    """A whole OKR from a TOML file (see `domain.okr_file`); `OkrFileError` in one sentence."""
    return parse_okr(read_user_file(Path(path), OkrFileError), path)
