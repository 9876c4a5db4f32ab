"""A whole OKR as a TOML file, for `catchball lint --okr`: validated, then handed to the coach.

It holds the same context the live coach reads from a session, so the file and the session
get the same findings: the key results' fields (metric, baseline, target, owner, confidence,
weekly) and the findings kept on purpose, the session's teams, the winning logic (plain lines,
or tables naming their element, e.g. `say_no`) and the elements the objective was drafted to
serve (`links`, by element name or by 1-based position).
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec.structs import force_setattr

from .quality import KrDraft, LogicPoint, OkrDraft
from .record import FieldError, Meta, Record
from .toml_model import parse_toml

# A baseline of `18` or `0.5` is as good as `"18"`: numbers are read as the text they are
# (OkrKeyResult.__post_init__); true is not a number here.
Words = str | int | float | None


class OkrFileError(ValueError):
    """An OKR file that cannot be used, in one sentence."""


class OkrException(Record, forbid_unknown_fields=False):
    code: Annotated[str, Meta(min_length=1)]
    reason: Annotated[str, Meta(min_length=1)]


class OkrKeyResult(Record):
    text: str
    owner: Words = None
    metric: Words = None
    baseline: Words = None
    target: Words = None
    confidence: Annotated[int, Meta(ge=0, le=10)] | None = None
    weekly: bool | None = None
    reason: str | None = None  # why a 4th or 5th key result is needed (read, not checked)
    exceptions: list[OkrException] = []
    # what a session report says of a key result: accepted so that the report's key results
    # can be linted as they are, and not read (the coach works them out again)
    serves: str | None = None
    findings: list[dict] = []

    def __post_init__(self) -> None:
        for name in ("owner", "metric", "baseline", "target"):
            value = getattr(self, name)
            if isinstance(value, (int, float)):
                force_setattr(self, name, str(value))


class OkrLogicPoint(Record, forbid_unknown_fields=False):  # a report's "label" may come along
    element: Literal["serve", "offer", "win", "say_no", "belief", "kpi"]
    text: str


class OkrFile(Record, forbid_unknown_fields=False):  # a report's other tables may come along
    """The file, read strictly (`parse_okr`): a confidence of "5" or 5.0 is refused, not guessed at."""

    objective: Annotated[str, Meta(min_length=1)]
    # plain lines or element tables; one line or one table alone is a list of one
    winning_logic: list[str | OkrLogicPoint] | str | OkrLogicPoint = []
    links: list[int | str] | None = None  # positions (from 1), element names, or elements' texts
    teams: list[str] = []
    focused_objectives: Annotated[int, Meta(ge=0)] = 1
    level: Literal["squad", "product", "senior"] = "squad"
    key_results: list[OkrKeyResult] = []

    def __post_init__(self) -> None:
        if not isinstance(self.winning_logic, list):
            force_setattr(self, "winning_logic", [self.winning_logic])
        points = self._points()
        for link in self.links or []:
            if isinstance(link, int):
                if not 1 <= link <= len(points):
                    raise FieldError("links", f"{link} is not a position in winning_logic (1 to {len(points)})")
            elif not any(link in (p.element, p.text) for p in points):
                raise FieldError("links", f"{link!r} names no element of winning_logic")

    def _points(self) -> list[LogicPoint]:
        lines: list = self.winning_logic  # a list once __post_init__ has run
        return [LogicPoint(p) if isinstance(p, str) else LogicPoint(p.text, p.element) for p in lines]

    def _link_indices(self, points: list[LogicPoint]) -> list[int] | None:
        if self.links is None:
            return None
        out: list[int] = []
        for link in self.links:
            if isinstance(link, int):
                out.append(link - 1)
            else:
                out += [i for i, p in enumerate(points) if link in (p.element, p.text) and i not in out]
        return out

    def draft(self) -> OkrDraft:
        points = self._points()
        return OkrDraft(
            objective=self.objective, winning_logic=list(points), focused_objectives=self.focused_objectives,
            level=self.level, links=self._link_indices(points), teams=list(self.teams),
            key_results=[KrDraft(text=kr.text, owner=kr.owner, metric=kr.metric, baseline=kr.baseline,
                                 target=kr.target, confidence=kr.confidence, weekly=kr.weekly,
                                 kept={x.code: x.reason for x in kr.exceptions})
                         for kr in self.key_results])


def parse_okr(text: str, origin: str) -> OkrDraft:
    return parse_toml(text, OkrFile, origin, OkrFileError, strict=True).draft()
