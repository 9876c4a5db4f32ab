"""Where the team's shared test data lives: `shared/` beside the repository."""

from __future__ import annotations

from pathlib import Path

_BESIDE = Path(__file__).resolve().parents[2] / "shared"
SHARED = _BESIDE if _BESIDE.is_dir() else Path("/work/shared")
BLNS_PATH = SHARED / "naughty" / "blns.json"
CORPUS_PATH = SHARED / "kr-corpus" / "dev_krs.tsv"
