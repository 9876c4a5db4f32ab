"""Every command against hostile text and broken sessions folders: no raw control character
reaches the terminal, every failure is one sentence, exit codes are the README's (0 ok,
1 a finding or damage, 2 usage)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from _shared import blns_strings
from test_store import T0, recorded, session_file

from catchball import cli
from catchball.domain import events as ev
from catchball.store.live import LiveSession
from catchball.store.session_dir import EVENTS_FILE, SESSION_FILE

# what must never reach a terminal raw: C0/C1 controls but tab and newline, bidi controls
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
NASTY = ["\x1b]0;pwned\x07title", "\x1b[2Jcleared", "\u202eevil rtl\u202c", "a\rb\x08c", "\x9b31mC1",
         "tab\tand\nnewline", "[bold]markup[/bold]", "\u2066isolate\u2069 \u200f"]


def blns() -> list[str]:
    return blns_strings()


def main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def clean(text: str) -> None:
    found = RAW.search(text)
    assert found is None, (found, text[max(0, found.start() - 40): found.end() + 40])


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch) -> Path:
    """A sessions dir: a session whose title and notes are every hostile string, a folder whose
    name holds escapes, and a session.toml with a hostile key."""
    sessions = tmp_path / "sessions"
    strings = blns() + NASTY
    live = LiveSession.create(sessions, session_file(title=NASTY[0] + NASTY[2]), T0)
    for i, text in enumerate(strings):
        try:
            live.record(ev.Noted, T0 + timedelta(seconds=i), text=text, by="Maya")
        except Exception:  # noqa: BLE001 - a string the model refuses (a lone surrogate...) is not a note
            pass
    live.close()
    shutil.copytree(live.folder, sessions / "evil\x1b[2J\u202efolder")
    broken = sessions / "zz-hostile-key"
    shutil.copytree(live.folder, broken)
    text = (broken / SESSION_FILE).read_text(encoding="utf-8")
    (broken / SESSION_FILE).write_text(text.replace("[session]\n", '[session]\n"\\u001b]0;pwned\\u0007" = 1\n'),
                                       encoding="utf-8")
    monkeypatch.setenv("CATCHBALL_SESSIONS_DIR", str(sessions))
    return sessions


def test_no_raw_control_character_from_list_check_export(hostile, capsys):
    good = next(p.name for p in hostile.iterdir() if p.name.startswith("2026"))
    for args in (["list"], ["check"], ["export", good], ["export", good, "--format", "json"],
                 ["check", str(hostile / "zz-hostile-key")], ["export", str(hostile / "zz-hostile-key")]):
        code, out, err = main(capsys, *args)
        clean(out)
        clean(err)
        assert "Traceback" not in err
    code, out, err = main(capsys, "list")
    assert code == 1 and "\\x1b[2J\\u202efolder" in out  # shown, as escapes
    code, out, err = main(capsys, "check", str(hostile / "zz-hostile-key"))
    assert code == 1 and "\\x1b]0;pwned\\x07" in one_sentence(err)


def test_json_export_stays_valid_and_means_the_same(hostile, capsys):
    good = next(p.name for p in hostile.iterdir() if p.name.startswith("2026"))
    code, out, err = main(capsys, "export", good, "--format", "json")
    assert code == 0
    report = json.loads(out)
    notes = [n["text"] if isinstance(n, dict) else n for n in report["notes"]]
    assert any("\u202eevil rtl" in str(n) for n in notes) and any("\x1b[2J" in str(n) for n in notes)


def test_lint_never_echoes_a_control_character(capsys, tmp_path):
    for text in [*blns(), *NASTY]:
        code, out, err = main(capsys, "lint", "--", text)
        assert code in (0, 1), (text, err)
        clean(out)
        clean(err)
    okr = tmp_path / "okr.toml"
    okr.write_text('objective = "\\u001b[2J Win \\u202e"\nwinning_logic = "x"\n'
                   '[[key_results]]\ntext = "\\u001b]0;t\\u0007Raise NPS from 30 to 40"\n', encoding="utf-8")
    code, out, err = main(capsys, "lint", "--okr", str(okr))
    clean(out)
    clean(err)
    assert "\\x1b[2J Win" in out


# -- broken sessions folders: one sentence, the README's exit codes ---------------------------
@pytest.mark.parametrize("args", [["list"], ["check"], ["resume"],
                                  ["new", "--title", "x", "--participant", "Ana:leader:Core", "--participant", "B:member:C"],
                                  ["export", "x"], ["replay", "x"], ["resume", "x"]])
@pytest.mark.parametrize("broken", ["a-file", "unreadable"])
def test_a_sessions_dir_that_is_a_file_or_unreadable_is_one_sentence(tmp_path, capsys, monkeypatch, args, broken):
    sessions = tmp_path / "sessions"
    if broken == "a-file":
        sessions.write_text("not a folder")
    else:
        sessions.mkdir()
        sessions.chmod(0)
        if os.geteuid() == 0:  # root reads every folder: make the OS say no as it would to a user
            _deny(monkeypatch, sessions)
    monkeypatch.setenv("CATCHBALL_SESSIONS_DIR", str(sessions))
    try:
        code, out, err = main(capsys, *args)
    finally:
        if broken == "unreadable":
            sessions.chmod(0o755)
    message = one_sentence(err)
    named = args[0] in ("export", "replay") or args[1:2] == ["x"]
    assert code == (2 if named else 1), (code, message)  # naming no session is a usage error
    assert str(sessions) in message or "No session named" in message


def _deny(monkeypatch, folder: Path) -> None:
    import pathlib

    from catchball.store import session_dir

    denied = PermissionError(13, "Permission denied")
    real_scandir, real_mkdir = os.scandir, pathlib.Path.mkdir

    def scandir(path):
        if Path(path) == folder:
            raise denied
        return real_scandir(path)

    def mkdir(self, *args, **kwargs):
        if self.parent == folder.resolve():
            raise denied
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(session_dir.os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "mkdir", mkdir)


@pytest.mark.parametrize("what", ["session-folder", "events-folder", "events-fifo", "events-dev-zero",
                                  "lock-folder", "deep-session", "deep-events", "not-utf8"])
def test_broken_session_files_through_every_command(tmp_path, capsys, monkeypatch, what):
    folder = recorded(tmp_path)
    monkeypatch.setenv("CATCHBALL_SESSIONS_DIR", str(folder.parent))
    target = {"session": folder / SESSION_FILE, "events": folder / EVENTS_FILE, "lock": folder / ".lock",
              "deep": folder / (SESSION_FILE if "session" in what else EVENTS_FILE),
              "not": folder / SESSION_FILE}[what.split("-")[0]]
    if what != "lock-folder":
        target.unlink()
    if what.endswith("folder"):
        target.mkdir()
    elif what.endswith("fifo"):
        os.mkfifo(target)
    elif what.endswith("dev-zero"):
        target.symlink_to("/dev/zero")
    elif what.startswith("deep"):
        target.write_text("x = " + "[" * 100_000)
    else:
        target.write_bytes(b"[session]\ntitle = \"\xff\xfe\"\n")
    for args, expect in ((["list"], 0 if what == "lock-folder" else 1), (["check"], 0 if what == "lock-folder" else 1),
                         (["check", folder.name], 0 if what == "lock-folder" else 1),
                         (["export", folder.name], 0 if what == "lock-folder" else 1),
                         (["resume", folder.name], 1)):
        if args[0] == "resume" and what == "lock-folder":
            monkeypatch.setattr("catchball.cli.app.run_app", lambda *a, **k: pytest.fail("opened"))
        code, out, err = main(capsys, *args)
        assert code == expect, (args, code, out, err)
        assert "Traceback" not in err
        clean(out)
        clean(err)
        if expect:
            assert err.strip() or "unreadable" in out or "damaged" in out, args


def test_export_of_no_such_session_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CATCHBALL_SESSIONS_DIR", str(tmp_path))
    for args in (["export", "nosuch"], ["check", "nosuch"], ["resume", "nosuch"], ["replay", "nosuch"]):
        code, out, err = main(capsys, *args)
        assert code == 2 and "No session named 'nosuch'" in one_sentence(err), (args, err)


def test_a_config_file_that_is_not_utf8_or_too_deep_is_a_sentence_and_defaults(tmp_path, monkeypatch):
    from catchball.tui.app import CatchballApp

    for content in (b"theme = \"\xff\xfe\"\n", b"x = " + b"[" * 100_000, b"[" * 100_000):
        config = tmp_path / f"config-{len(content)}"
        config.mkdir()
        (config / "config.toml").write_bytes(content)
        (config / "themes").mkdir()
        (config / "themes" / "deep.toml").write_bytes(b"x = " + b"[" * 100_000)
        monkeypatch.setenv("CATCHBALL_CONFIG_DIR", str(config))
        app = CatchballApp(tmp_path)
        assert app.theme == "catchball"
        problems = app._theme_problems
        assert len(problems) == 2, problems
        for problem in problems:
            assert "\n" not in problem and "Traceback" not in problem
        assert any("config.toml" in p for p in problems) and any("deep.toml" in p and "nested" in p for p in problems)
