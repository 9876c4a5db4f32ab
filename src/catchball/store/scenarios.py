"""Practice scenarios: the packaged ones by id, or a TOML file of the user's own by path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..domain.scenario import Scenario, ScenarioError, parse_scenario
from .user_files import read_user_file


def scenario_ids() -> list[str]:
    """The packaged scenarios' file names without `.toml` (each file's `id` is the same)."""
    folder = resources.files("catchball") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scenario(id_or_file: str) -> Scenario:
    """A packaged scenario by id, or a scenario file; raise `ScenarioError` with one sentence."""
    path = Path(id_or_file)
    if path.suffix == ".toml" or path.is_file():
        return parse_scenario(read_user_file(path, ScenarioError), str(path))
    if id_or_file in scenario_ids():
        res = resources.files("catchball") / "scenarios" / f"{id_or_file}.toml"
        return parse_scenario(res.read_text(encoding="utf-8"), f"scenario {id_or_file}")
    raise ScenarioError(f"No scenario {id_or_file!r}: use one of {', '.join(scenario_ids())} "
                        "or the path of a .toml file.")


def list_scenarios() -> list[Scenario]:
    return [load_scenario(i) for i in scenario_ids()]
