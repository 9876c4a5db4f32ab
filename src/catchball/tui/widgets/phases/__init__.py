"""One panel per phase kind, each in its own module named after its class.

The registry is static: each entry is a plain import, written out, so a reader (and a tool
drawing the imports) sees which class serves which phase, and a missing module is an
ImportError, never a silent "no panel". The imports sit in small functions only so that
opening a session loads the one panel its phase needs, not all fourteen (and their coach).
The check-in's "wins" phase has no panel on purpose: its notes and the capture line are all it
needs.
"""

from __future__ import annotations

from collections.abc import Callable

from ....domain.agenda import PhaseKind
from ..phase_panel import PhasePanel


def _readiness() -> type[PhasePanel]:
    from .readiness_panel import ReadinessPanel
    return ReadinessPanel


def _grading() -> type[PhasePanel]:
    from .grading_panel import GradingPanel
    return GradingPanel


def _retro() -> type[PhasePanel]:
    from .retro_panel import RetroPanel
    return RetroPanel


def _winning_logic() -> type[PhasePanel]:
    from .winning_logic_panel import WinningLogicPanel
    return WinningLogicPanel


def _draft() -> type[PhasePanel]:
    from .draft_panel import DraftPanel
    return DraftPanel


def _catchball() -> type[PhasePanel]:
    from .catchball_panel import CatchballPanel
    return CatchballPanel


def _focus() -> type[PhasePanel]:
    from .focus_panel import FocusPanel
    return FocusPanel


def _key_results() -> type[PhasePanel]:
    from .key_results_panel import KeyResultsPanel
    return KeyResultsPanel


def _backbrief() -> type[PhasePanel]:
    from .backbrief_panel import BackBriefPanel
    return BackBriefPanel


def _commitments() -> type[PhasePanel]:
    from .commitments_panel import CommitmentsPanel
    return CommitmentsPanel


def _values() -> type[PhasePanel]:
    from .values_panel import ValuesPanel
    return ValuesPanel


def _priorities() -> type[PhasePanel]:
    from .priorities_panel import PrioritiesPanel
    return PrioritiesPanel


def _kpis() -> type[PhasePanel]:
    from .kpis_panel import KpisPanel
    return KpisPanel


def _ideas() -> type[PhasePanel]:
    from .ideas_panel import IdeasPanel
    return IdeasPanel


PANELS: dict[PhaseKind, Callable[[], type[PhasePanel]]] = {
    PhaseKind.READINESS: _readiness,
    PhaseKind.GRADING: _grading,
    PhaseKind.RETRO: _retro,
    PhaseKind.WINNING_LOGIC: _winning_logic,
    PhaseKind.DRAFT: _draft,
    PhaseKind.CATCHBALL: _catchball,
    PhaseKind.FOCUS: _focus,
    PhaseKind.KEY_RESULTS: _key_results,
    PhaseKind.BACKBRIEF: _backbrief,
    PhaseKind.COMMITMENTS: _commitments,
    PhaseKind.VALUES: _values,
    PhaseKind.PRIORITIES: _priorities,
    PhaseKind.KPIS: _kpis,
    PhaseKind.IDEAS: _ideas,
}
WITHOUT_PANEL = frozenset({PhaseKind.WINS})  # notes and the capture line only


def panel_for(kind: PhaseKind) -> type[PhasePanel] | None:
    """The panel class of a phase kind, or None for a kind that has none on purpose."""
    load = PANELS.get(kind)
    return load() if load is not None else None
