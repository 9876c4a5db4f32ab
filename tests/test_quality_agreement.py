"""One source of findings: the live key-results panel, the review summary (the Markdown
report), the JSON report and `catchball lint --okr` agree on every key result of every
shipped session and of a practice run of every packaged scenario."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catchball.domain import events as ev
from catchball.domain.quality import ACCEPTABLE_EXCEPTION_CODES
from catchball.domain.report import build_report
from catchball.domain.report_md import md, render_markdown
from catchball.domain.fold import replay
from catchball.services.practice_session import start_practice
from catchball.store.scenarios import load_scenario, scenario_ids
from catchball.store.session_dir import open_session
from catchball.tui.widgets.phases import kr_editor as ed

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(p.parent for p in (ROOT / "sessions").glob("*/session.toml")  # planning sessions: a weekly
                 if 'kind = "check-in"' not in p.read_text(encoding="utf-8"))  # check-in drafts no OKR


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def okr_file_of(report: dict, state) -> str:
    """The report's own data written as an OKR file for `catchball lint --okr`."""
    focus = next((o for o in report["objective_versions"] if o["versions"][-1]["text"]
                  == report["focused_objective"]), None) or (report["objective_versions"] or [None])[0]
    lines = [f"objective = {_toml_string(focus['versions'][-1]['text'] if focus else '')}",
             f"level = {_toml_string(report['level'])}",
             "teams = [" + ", ".join(_toml_string(t) for t in state.session.teams if t) + "]"]
    if focus is not None:
        lines.append("links = [" + ", ".join(_toml_string(t) for t in focus["links"]) + "]")
    for w in report["winning_logic"]:
        lines += ["[[winning_logic]]", f"element = {_toml_string(w['element'])}", f"text = {_toml_string(w['text'])}"]
    for kr in report["key_results"]:
        lines.append("[[key_results]]")
        for key in ("text", "owner", "metric", "baseline", "target"):
            if kr[key] is not None:
                lines.append(f"{key} = {_toml_string(kr[key])}")
        lines += [f"confidence = {kr['confidence']}", f"weekly = {'true' if kr['weekly'] else 'false'}"]
        for x in kr["exceptions"]:
            lines += ["[[key_results.exceptions]]", f"code = {_toml_string(x['code'])}",
                      f"reason = {_toml_string(x['reason'])}"]
    return "\n".join(lines) + "\n"


def lint_okr_cli(path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run([sys.executable, "-m", "catchball.cli.lint", "--okr", str(path), "--json"],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return json.loads(proc.stdout)


def _states(tmp_path, clock):
    for folder in SHIPPED:
        opened = open_session(folder)
        yield folder.name, replay(opened.file, opened.log.events)
    for sid in scenario_ids():
        live = start_practice(tmp_path / sid, load_scenario(sid), clock.now())
        krs = list(live.state.key_results.values())
        # the room keeps one finding on purpose and marks one key result as not weekly
        _, per_kr = ed.recorded_findings(live.state)
        code = next((f.code for f in per_kr[krs[0].id] if f.code in ACCEPTABLE_EXCEPTION_CODES), None)
        if code:
            live.record(ev.ExceptionAccepted, clock.now(), kr=krs[0].id, code=code, reason="hard-won on purpose")
        live.record(ev.KrEdited, clock.now(), kr=krs[-1].id, weekly=False)
        yield sid, live.state
        live.close()


def test_there_are_sessions_and_scenarios_to_compare():
    assert SHIPPED and scenario_ids()


def test_screen_report_markdown_and_lint_agree_on_every_key_result(tmp_path, clock):
    seen_kept = seen_open = 0
    for name, state in _states(tmp_path, clock):
        objective, per_kr = ed.recorded_findings(state)  # what the live panel shows
        report = build_report(state)
        markdown = render_markdown(report)
        path = tmp_path / f"{name}.toml"
        path.write_text(okr_file_of(report, state), encoding="utf-8")
        linted = lint_okr_cli(path)
        assert report["objective_findings"] == [f.to_dict() | {"accepted": f.kept is not None} for f in objective]
        assert linted["findings"] == [f.to_dict() for f in objective], name
        assert len(linted["key_results"]) == len(report["key_results"]) == len(per_kr)
        for kr_id, shown, exported, cli in zip(per_kr, per_kr.values(), report["key_results"], linted["key_results"]):
            screen = [f.to_dict() for f in shown]
            assert [{k: v for k, v in f.items() if k != "accepted"} for f in exported["findings"]] == screen, name
            assert cli["findings"] == screen, (name, exported["text"])
            assert cli["serves"] == exported["serves"], name
            for f in shown:  # the Markdown summary shows every finding: open with its level, kept with why
                if f.kept is None:
                    assert f"coach (open, {f.severity}): {f.code}: {md(f.message)}" in markdown, (name, f.code)
                    seen_open += 1
                else:
                    assert f"coach (kept on purpose): {f.code}:" in markdown and md(f.kept) in markdown
                    seen_kept += 1
    assert seen_open and seen_kept  # the comparison covered both kinds


def test_report_json_key_results_can_be_linted_as_they_are(tmp_path):
    """The report's key-result entries are valid OKR-file tables (its outputs are ignored)."""
    from catchball.domain.okr_file import parse_okr

    opened = open_session(SHIPPED[0])
    report = build_report(replay(opened.file, opened.log.events))
    body = ["objective = \"x\""]
    for kr in report["key_results"]:
        body.append("[[key_results]]")
        for key, value in kr.items():
            if isinstance(value, str):
                body.append(f"{key} = {_toml_string(value)}")
            elif isinstance(value, bool):
                body.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int):
                body.append(f"{key} = {value}")
    okr = parse_okr("\n".join(body) + "\n", "report.toml")
    assert [k.text for k in okr.key_results] == [k["text"] for k in report["key_results"]]


@pytest.mark.parametrize("sid", scenario_ids())
def test_live_findings_of_a_recorded_text_equal_its_recorded_findings(tmp_path, clock, sid):
    """Editing a key result's text to what it already says shows what the list shows."""
    live = start_practice(tmp_path / sid, load_scenario(sid), clock.now())
    try:
        _, per_kr = ed.recorded_findings(live.state)
        for kr in live.state.key_results.values():
            assert ed.live_findings(live.state, kr.text, kr.id, "text") == per_kr[kr.id]
    finally:
        live.close()
