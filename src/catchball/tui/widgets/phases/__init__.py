"""One panel per phase kind, each in its own module named after its class.

A phase whose module is not there shows only its notes and the capture line.
"""

from __future__ import annotations

from importlib import import_module

from ....domain.agenda import PhaseKind
from ..phase_panel import PhasePanel

MODULES: dict[PhaseKind, tuple[str, str]] = {
    PhaseKind.READINESS: ("readiness_panel", "ReadinessPanel"),
    PhaseKind.GRADING: ("grading_panel", "GradingPanel"),
    PhaseKind.RETRO: ("retro_panel", "RetroPanel"),
    PhaseKind.WINNING_LOGIC: ("winning_logic_panel", "WinningLogicPanel"),
    PhaseKind.DRAFT: ("draft_panel", "DraftPanel"),
    PhaseKind.CATCHBALL: ("catchball_panel", "CatchballPanel"),
    PhaseKind.FOCUS: ("focus_panel", "FocusPanel"),
    PhaseKind.KEY_RESULTS: ("key_results_panel", "KeyResultsPanel"),
    PhaseKind.BACKBRIEF: ("backbrief_panel", "BackBriefPanel"),
    PhaseKind.COMMITMENTS: ("commitments_panel", "CommitmentsPanel"),
    PhaseKind.VALUES: ("values_panel", "ValuesPanel"),
    PhaseKind.PRIORITIES: ("priorities_panel", "PrioritiesPanel"),
    PhaseKind.KPIS: ("kpis_panel", "KpisPanel"),
    PhaseKind.IDEAS: ("ideas_panel", "IdeasPanel"),
}


def panel_for(kind: PhaseKind) -> type[PhasePanel] | None:
    if kind not in MODULES:
        return None
    module_name, class_name = MODULES[kind]
    try:
        module = import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module_name}":
            raise
        return None
    return getattr(module, class_name)
