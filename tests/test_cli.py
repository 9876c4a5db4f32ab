"""The command line, run as a subprocess on a copy of the shipped example session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catchball import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "2026-11-22-northwind-books-q1-2027-planning"
REPORT_KEYS = {"title", "level", "phases", "readiness", "grades", "retro", "winning_logic", "objective_versions",
               "votes", "focused_objective", "parking_lot", "key_results", "back_briefs", "commitments", "notes"}


def example_events() -> int:
    """How many events the shipped example holds (it is re-recorded when the format changes)."""
    return (ROOT / "sessions" / EXAMPLE / "events.toml").read_text(encoding="utf-8").count("[[events]]")


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    shutil.copytree(ROOT / "sessions" / EXAMPLE, folder / EXAMPLE)
    return folder


def run(sessions: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), CATCHBALL_SESSIONS_DIR=str(sessions))
    return subprocess.run([sys.executable, "-m", "catchball.cli", *args], env=env, cwd=sessions.parent,
                          capture_output=True, text=True, timeout=60)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def tear(sessions: Path, cut: int = 17) -> tuple[Path, bytes, int]:
    """Cut the last event of the example's log; return the path, the torn bytes and its header line."""
    path = sessions / EXAMPLE / "events.toml"
    raw = path.read_bytes()
    torn = raw[: len(raw) - cut]
    path.write_bytes(torn)
    header = torn.rfind(b"\n[[events]]") + 1
    return path, torn, torn.count(b"\n", 0, header) + 1


def test_check_sound_example(sessions):
    result = run(sessions, "check")
    assert result.returncode == 0, result.stderr
    assert f"sound, {example_events()} events" in result.stdout and result.stderr == ""
    assert run(sessions, "check", EXAMPLE).returncode == 0
    assert run(sessions, "check", str(sessions / EXAMPLE)).returncode == 0


def test_export_json(sessions):
    result = run(sessions, "export", EXAMPLE, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert REPORT_KEYS <= set(report)
    assert report["title"] == "Northwind Books: Q1 2027 planning" and report["level"] == "product"
    assert len(report["phases"]) == 10 and all(p["visited"] for p in report["phases"])
    assert report["focused_objective"] == "Make finding a second book effortless for our regular readers this quarter"
    assert [r["round"] for r in report["votes"]] == [1, 2]
    assert [r["validated"] for r in report["votes"]] == [False, True]
    assert len(report["key_results"]) == 3 and len(report["grades"]) == 3
    assert report["parking_lot"][0]["objective"] == "Modernise the search platform"


def test_export_markdown(sessions):
    result = run(sessions, "export", EXAMPLE, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("#") and "Northwind Books" in result.stdout
    assert run(sessions, "export", EXAMPLE).stdout == result.stdout  # md is the default


def test_torn_copy_check_exits_1_with_the_line_and_leaves_the_file_untouched(sessions):
    path, torn, line = tear(sessions)
    result = run(sessions, "check", EXAMPLE)
    assert result.returncode == 1
    message = one_line_error(result)
    assert f"line {line}" in message and str(path.name) in message
    assert path.read_bytes() == torn
    assert not (path.parent / "events.toml.damaged").exists()


def test_torn_copy_export_still_reports_the_prefix(sessions):
    sound = json.loads(run(sessions, "export", EXAMPLE, "--format", "json").stdout)
    path, torn, line = tear(sessions)
    result = run(sessions, "export", EXAMPLE, "--format", "json")
    assert result.returncode == 1
    assert f"line {line}" in one_line_error(result)
    report = json.loads(result.stdout)
    assert report["title"] == sound["title"] and report["finished"] is False  # session_finished was torn off
    assert report["commitments"] == sound["commitments"]
    md = run(sessions, "export", EXAMPLE)
    assert md.returncode == 1 and "Northwind Books" in md.stdout and f"line {line}" in md.stderr
    assert path.read_bytes() == torn


def test_check_repair_on_a_torn_copy(sessions):
    path, torn, _ = tear(sessions, cut=5)
    result = run(sessions, "check", EXAMPLE, "--repair")
    assert result.returncode == 0, result.stderr
    assert "repaired" in result.stdout and "events.toml.damaged" in result.stdout
    assert (path.parent / "events.toml.damaged").read_bytes() == torn
    again = run(sessions, "check", EXAMPLE)
    assert again.returncode == 0 and f"sound, {example_events() - 1} events" in again.stdout


def test_check_repair_refuses_damage_in_the_middle(sessions):
    path = sessions / EXAMPLE / "events.toml"
    raw = path.read_bytes()
    broken = raw.replace(b"seq = 40\n", b'seq = "forty"\n')
    path.write_bytes(broken)
    result = run(sessions, "check", EXAMPLE, "--repair")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "seq" in result.stderr and "not repaired" in result.stderr
    assert path.read_bytes() == broken


def test_newer_schema_refused_in_one_sentence(sessions):
    path = sessions / EXAMPLE / "session.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("schema = 1", "schema = 999"), encoding="utf-8")
    for args in (("check", EXAMPLE), ("export", EXAMPLE), ("export", EXAMPLE, "--format", "json")):
        result = run(sessions, *args)
        assert result.returncode == 1, args
        message = one_line_error(result)
        assert "newer catchball" in message and "999" in message and "session.toml" in message
        assert result.stdout == ""
    listed = run(sessions, "list")
    assert listed.returncode == 1 and "newer catchball" in listed.stdout and "Traceback" not in listed.stderr


def test_not_toml_and_missing_session_toml(sessions):
    path = sessions / EXAMPLE / "session.toml"
    path.write_text("[session\nschema = 1", encoding="utf-8")
    result = run(sessions, "export", EXAMPLE)
    assert result.returncode == 1 and "not valid TOML" in one_line_error(result)
    path.unlink()
    result = run(sessions, "export", EXAMPLE)
    assert result.returncode == 2 and "No session named" in one_line_error(result)


def test_version():
    result = run(Path("."), "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"catchball {__version__}"


@pytest.mark.parametrize("args", [("frobnicate",), ("export",), ("export", EXAMPLE, "--format", "pdf"),
                                  ("--no-such-flag",)])
def test_usage_errors_exit_2_with_one_line(sessions, args):
    result = run(sessions, *args)
    assert result.returncode == 2
    assert one_line_error(result).startswith("catchball: ")
    assert result.stdout == ""


def test_list_shows_the_example(sessions):
    result = run(sessions, "list")
    assert result.returncode == 0, result.stderr
    assert EXAMPLE in result.stdout and "finished" in result.stdout and "Northwind Books" in result.stdout
    assert f" {example_events()} " in result.stdout


def test_sessions_dir_flag_and_empty_dir(tmp_path, sessions):
    empty = tmp_path / "empty"
    result = run(sessions, "--sessions-dir", str(empty), "list")
    assert result.returncode == 0 and "No sessions" in result.stdout
    result = run(empty, "--sessions-dir", str(sessions), "list")
    assert EXAMPLE in result.stdout


def test_theme_works_before_and_after_every_app_command():
    from catchball.cli import APP_COMMANDS, build_parser

    parser = build_parser()
    extra = {"replay": ["x"]}
    for name in APP_COMMANDS:
        after = parser.parse_args([name, *extra.get(name, []), "--theme", "projector"])
        before = parser.parse_args(["--theme", "projector", name, *extra.get(name, [])])
        assert after.theme == before.theme == "projector", name


def test_one_subcommand_parser_parses_as_the_whole_command_line():
    """`catchball resume` builds only its own parser (the others' modules stay unloaded); it
    must know every subcommand's owner and parse each one's arguments as the whole line does."""
    import contextlib
    import io

    import importlib

    cli_main = importlib.import_module("catchball.cli.main")

    full = cli_main.build_parser()
    names = set(full._subparsers._group_actions[0].choices)
    assert names == set(cli_main.COMMANDS)
    samples = {"replay": ["x", "--speed", "2"], "export": ["x", "--format", "json"], "lint": ["ship it"],
               "check": ["--repair"], "resume": ["x", "--take-over"], "new": ["--title", "T"]}
    for name in names:
        argv = [name, *samples.get(name, [])]
        assert vars(cli_main.build_parser(name).parse_args(argv)) == vars(full.parse_args(argv)), name
        helps = []
        for parser in (full, cli_main.build_parser(name)):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
                parser.parse_args([name, "--help"])
            helps.append(out.getvalue())
        assert helps[0] == helps[1] and helps[0], name


def test_resume_does_not_load_the_other_commands():
    code = ("import sys; from catchball.cli.main import build_parser; build_parser('resume').parse_args(['resume']);"
            "print(sorted(m for m in sys.modules if m.startswith('catchball.cli.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['catchball.cli.app', 'catchball.cli.main']"
