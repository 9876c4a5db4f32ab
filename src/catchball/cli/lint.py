"""``catchball lint``: the OKR coach on the command line.

    catchball lint [TEXT...] [--json] [--okr FILE]

Key results come from the arguments, or one per line on standard input when no
TEXT is given (a blank line still gets its own output line, with no findings).
``--json`` prints exactly one JSON object per input line, in input order.
``--okr FILE`` checks a whole OKR written in TOML (objective, winning_logic,
optional links, teams, focused_objectives and level, and ``[[key_results]]`` tables
with text, owner, metric, baseline, target, confidence, weekly and exceptions); it
calls the same coach function as the live panel and the session report.

Exit status: 0 no open findings (kept ones do not count), 1 findings, 2 usage error (bad arguments, or an OKR
file that is missing or broken: one sentence on stderr, never a traceback).

Must stay light: no Textual import, here or in what it imports.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

# the coach (its word lists and patterns) loads when `lint` runs, not when any command's
# parser is built: `catchball resume` does not wait for it
from ..domain.quality_findings import LEVELS

if TYPE_CHECKING:
    from ..domain.quality import Finding


class UsageError(Exception):
    """A problem with what the user gave us, reported as one sentence."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "lint",
        help="check key results for the BAD patterns",
        description=(
            "Check key results: as arguments, one per line on stdin, or a whole OKR "
            "from a TOML file with --okr. Exits 1 when anything is found."
        ),
    )
    _configure(parser)
    return parser


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("texts", nargs="*", metavar="TEXT", help="key results to check")
    parser.add_argument("--json", action="store_true", help="one JSON object per key result")
    parser.add_argument("--okr", metavar="FILE", help="check a whole OKR from a TOML file")
    parser.add_argument(
        "--level", choices=LEVELS, default="squad",
        help="who the questions are for (default: squad; an OKR file may set its own)",
    )
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- output

def _finding_json(f: Finding) -> dict:
    return f.to_dict()


def _plain(text: str, findings: list[Finding], indent: str = "") -> list[str]:
    lines = [f"{indent}{text}" if text else f"{indent}(blank line)"]
    if not findings:
        lines.append(f"{indent}  ok")
    for f in findings:
        quoted = text[f.span[0]:f.span[1]] if text else ""
        if f.kept is not None:
            lines.append(f"{indent}  [{f.code}] kept on purpose: {f.kept}")
            continue
        lines.append(f"{indent}  [{f.code}] {f.severity}: {f.message}")
        if quoted and f.span != (0, len(text)):
            lines.append(f"{indent}    at: \u201c{quoted}\u201d")
        lines.append(f"{indent}    ask: {f.question}")
    return lines


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")


# --------------------------------------------------------------------------- key results

def _read_stdin_lines() -> list[str]:
    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    if not data:
        return []
    lines = data.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def _run_texts(texts: list[str], as_json: bool, level: str) -> int:
    from ..domain.quality import lint_kr

    found = False
    for text in texts:
        findings = lint_kr(text, level) if text.strip() else []
        found = found or bool(findings)
        if as_json:
            _write(json.dumps({"text": text, "findings": [_finding_json(f) for f in findings]}))
        else:
            for line in _plain(text, findings):
                _write(line)
    return 1 if found else 0


# --------------------------------------------------------------------------- whole OKR

def _run_okr(path: str, as_json: bool) -> int:
    from ..domain.okr_file import OkrFileError
    from ..domain.quality import element_label, lint_okr
    from ..store.user_files import load_okr

    try:
        okr = load_okr(path)
    except OkrFileError as exc:
        raise UsageError(str(exc).removesuffix(".")) from None
    report = lint_okr(okr)
    serves = [element_label(okr.winning_logic[i]) if i is not None else None for i in report.serves]
    serves += [None] * (len(okr.key_results) - len(serves))
    if as_json:
        _write(json.dumps({
            "objective": okr.objective,
            "level": okr.level,
            "findings": [_finding_json(f) for f in report.objective],
            "key_results": [
                {"text": kr.text, "serves": serve, "findings": [_finding_json(f) for f in fs]}
                for kr, fs, serve in zip(okr.key_results, report.key_results, serves)
            ],
        }))
    else:
        for line in _plain(okr.objective, report.objective):
            _write(line)
        for kr, fs, serve in zip(okr.key_results, report.key_results, serves):
            lines = _plain(kr.text, fs, indent="  ")
            if serve:
                lines.insert(1, f"    serves {serve}")
            for line in lines:
                _write(line)
    return 0 if report.clean else 1


# --------------------------------------------------------------------------- entry

def run(args: argparse.Namespace) -> int:
    texts = list(getattr(args, "texts", None) or [])
    as_json = bool(getattr(args, "json", False))
    okr = getattr(args, "okr", None)
    level = getattr(args, "level", None) or "squad"
    try:  # never die on a terminal that cannot show a character
        sys.stdout.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError):
        pass
    try:
        if okr is not None:
            if texts:
                raise UsageError("give either key results or --okr FILE, not both")
            return _run_okr(okr, as_json)
        if not texts:
            texts = _read_stdin_lines()
        return _run_texts(texts, as_json, level)
    except UsageError as exc:
        sys.stderr.write(f"catchball lint: {exc}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 1 if texts else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="catchball lint", description="Check key results for the BAD patterns.")
    _configure(parser)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
