"""Practice scenarios: the packaged ones by id, or a TOML file of the user's own by path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.scenario import Scenario, ScenarioError, parse_scenario

MAX_BYTES = 1_000_000


def scenario_ids() -> list[str]:
    """The packaged scenarios' file names without `.toml` (each file's `id` is the same)."""
    folder = resources.files("catchball") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scenario(id_or_file: str) -> Scenario:
    """A packaged scenario by id, or a scenario file; raise `ScenarioError` with one sentence."""
    path = Path(id_or_file)
    if path.suffix == ".toml" or path.is_file():
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ScenarioError(f"{path}: too large for a scenario file (over 1 MB).")
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError(f"{path}: no such scenario file.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"{path}: cannot read it ({exc}).") from None
        return parse_scenario(text, str(path))
    if id_or_file in scenario_ids():
        res = resources.files("catchball") / "scenarios" / f"{id_or_file}.toml"
        return parse_scenario(res.read_text(encoding="utf-8"), f"scenario {id_or_file}")
    raise ScenarioError(f"No scenario {id_or_file!r}: use one of {', '.join(scenario_ids())} "
                        "or the path of a .toml file.")


def list_scenarios() -> list[Scenario]:
    return [load_scenario(i) for i in scenario_ids()]
