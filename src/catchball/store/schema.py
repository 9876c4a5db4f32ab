"""The file format's version: refuse what is newer, migrate what is older."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain.model import SCHEMA_VERSION
from .errors import NewerSchema, StoreError
from .reading import shown

# schema N -> function turning a schema-N session.toml dict into schema N+1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def upgrade(data: dict, path: Path) -> dict:
    info = data.get("session")
    if not isinstance(info, dict) or "schema" not in info:
        raise StoreError(f"{shown(path)}: missing [session] schema; this does not look like a catchball session file.")
    version = info["schema"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(f"{shown(path)}: field session.schema must be a positive whole number, got {version!r}.")
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{shown(path)} was written by a newer catchball (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade catchball to open it."
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["session"]["schema"] = version
    return data
