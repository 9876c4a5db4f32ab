"""A whole OKR as a TOML file, for `catchball lint --okr`: validated, then handed to the coach."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .quality import KrDraft, OkrDraft
from .toml_model import parse_toml


def _number_as_text(value: object) -> object:
    """A baseline of `18` or `0.5` is as good as `"18"`: numbers are read as the text they are."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Words = Annotated[str | None, BeforeValidator(_number_as_text)]


class OkrFileError(ValueError):
    """An OKR file that cannot be used, in one sentence."""


class OkrKeyResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    owner: Words = None
    metric: Words = None
    baseline: Words = None
    target: Words = None
    confidence: int | None = Field(default=None, ge=0, le=10, strict=True)


class OkrFile(BaseModel):
    objective: Annotated[str, Field(min_length=1)]
    winning_logic: Annotated[list[str], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)] = []
    focused_objectives: int = Field(default=1, ge=0, strict=True)
    level: Literal["squad", "product", "senior"] = "squad"
    key_results: list[OkrKeyResult] = []

    def draft(self) -> OkrDraft:
        return OkrDraft(objective=self.objective, winning_logic=list(self.winning_logic),
                        focused_objectives=self.focused_objectives, level=self.level,
                        key_results=[KrDraft(**kr.model_dump()) for kr in self.key_results])


def parse_okr(text: str, origin: str) -> OkrDraft:
    return parse_toml(text, OkrFile, origin, OkrFileError).draft()
