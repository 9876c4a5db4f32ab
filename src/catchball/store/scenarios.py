"""Practice scenarios: the packaged ones by id, or a TOML file of the user's own by path."""

from __future__ import annotations

from ..domain.scenario import Scenario, ScenarioError, parse_scenario
from .user_files import packaged_names, read_packaged_or_file


def scenario_ids() -> list[str]:
    """The packaged scenarios' file names without `.toml` (each file's `id` is the same)."""
    return packaged_names("scenarios")


def load_scenario(id_or_file: str) -> Scenario:
    """A packaged scenario by id, or a scenario file; raise `ScenarioError` with one sentence."""
    return parse_scenario(*read_packaged_or_file(id_or_file, "scenarios", "scenario", ScenarioError))


def list_scenarios() -> list[Scenario]:
    return [load_scenario(i) for i in scenario_ids()]
