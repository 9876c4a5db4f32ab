"""A whole quick-agenda session typed in a real terminal (tmux), then checked against the export.

    python scripts/tmux_session_check.py [--size 80x24] [--keep DIR]

It runs `catchball new` in a private tmux server, types into every phase with the capture line
and the phase's panel focused in turn (Tab, and Escape "to be safe" between lines), and uses
the panel keys a facilitator uses (answers, a grade, a link, votes, reveal, focus). Then it
finishes the session, reads the screen, and compares `catchball export --format json` with what
was typed:

- every recorded text that carries one of the typed lines' tags is exactly that line (nothing
  glued onto it, nothing cut), and lies in the part of the record the line was typed for;
- every typed line was recorded, each key result is still there;
- the finished timer reads FINISHED.

Prints one JSON object (`ok`, `problems`, `lines`, `seconds`) and exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("catchball")
CATCHBALL = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "catchball.cli"]
TAG = re.compile(r"\bw(\d\d)\b")
PEOPLE = ["Ana:leader:Core", "Ben:member:Core", "Cy:member:Growth"]


class Terminal:
    """One app in a private tmux server."""

    def __init__(self, size: tuple[int, int], env: dict[str, str]) -> None:
        self.socket = f"catchball-check-{os.getpid()}"
        self.size = size
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def start(self, argv: list[str]) -> None:
        extra = [x for k, v in self.env.items() for x in ("-e", f"{k}={v}")]
        command = "exec " + " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)
        self.tmux("new-session", "-d", "-s", "app", "-x", str(self.size[0]), "-y", str(self.size[1]), *extra, command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, marker: str, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if marker in screen:
                return screen
            time.sleep(0.05)
        raise TimeoutError(f"{marker!r} did not show within {timeout:.0f} s; the screen:\n{screen}")

    def settle(self, seconds: float = 0.35) -> None:
        """Let the app take in what was sent (a person types no faster than this between actions)."""
        time.sleep(seconds)

    def key(self, *names: str) -> None:
        """Press keys as a person does: each one, then a look at what it did (up to 5 s)."""
        for name in names:
            before = self.screen()
            self.tmux("send-keys", "-t", "app", name)
            end = time.monotonic() + 5
            while self.screen() == before and time.monotonic() < end:
                time.sleep(0.05)
            # a bare Escape and the next key, read together, would be alt+key: a person pauses
            self.settle(0.8 if name == "Escape" else 0.3)
            if os.environ.get("CATCHBALL_CHECK_TRACE") == "all":
                print(f"-- after the key {name}:\n{self.screen()}", file=sys.stderr)

    def fields(self) -> str:
        """What the text fields on the screen hold (an input draws its text between ▊ and ▎)."""
        rows = [row for row in self.screen().splitlines() if "\u258a" in row and "\u258e" in row]
        return "\n".join(row for row in rows if not set(row.split("\u258a", 1)[1]) <= set("\u2594\u2581\u258e "))

    def line(self, text: str, timeout: float = 20.0) -> None:
        """Type a line as a person does: see it in the capture line, press Enter, see it leave."""
        self.tmux("send-keys", "-t", "app", "-l", text)
        head = text[-10:]  # a long line scrolls: its end is what the field shows
        end = time.monotonic() + timeout
        while head not in self.fields():
            if time.monotonic() > end:
                raise TimeoutError(f"{text!r} never showed in the capture line:\n{self.screen()}")
            time.sleep(0.05)
        self.tmux("send-keys", "-t", "app", "Enter")
        if os.environ.get("CATCHBALL_CHECK_TRACE") and text.startswith(os.environ["CATCHBALL_CHECK_TRACE"]):
            for _ in range(10):
                time.sleep(0.3)
                print(f"-- just after Enter on {text!r}:\n{self.screen()}", file=sys.stderr)
        while head in self.fields() and time.monotonic() < end:
            time.sleep(0.05)
        self.settle()

    def close(self) -> None:
        self.tmux("kill-server")


def play(term: Terminal) -> dict[str, str]:
    """Type the session; returns each typed line by its tag, with the part of the record it was for."""
    typed: dict[str, tuple[str, str]] = {}

    def say(tag: int, text: str, part: str, before: tuple[str, ...] = ()) -> None:
        term.key(*before)
        line = f"w{tag:02d} {text}"
        typed[f"{tag:02d}"] = (line, part)
        term.line(line)
        if os.environ.get("CATCHBALL_CHECK_TRACE") == "all":  # to see what a failing step did
            print(f"-- after {line!r}:\n{term.screen()}", file=sys.stderr)

    term.wait_for("1/10")
    term.key(*["F4"] * 7)  # every prerequisite: yes
    say(1, "we have done this before", "readiness")
    term.key("C-n")
    term.wait_for("2/10")
    term.key("F5")  # the next line adds last quarter's key result
    say(2, "Raise activation from 20% to 30%", "grades")
    term.key("F4")
    term.line("0.6 ")
    term.key("C-n")
    term.wait_for("3/10")
    say(3, "the launch slipped two weeks", "retro")
    say(4, "typed while the panel had focus", "retro", before=("Tab",))
    term.key("C-n")
    term.wait_for("Why we leave the retro early")
    say(5, "a rehearsal, the real one is Monday", "phases")
    term.wait_for("4/10")
    say(6, "small online shops", "winning_logic")
    say(7, "checkout in one click", "winning_logic", before=("Tab", "Down"))
    say(8, "we own the payment rails", "winning_logic", before=("Escape", "Down"))
    say(9, "no marketplace", "winning_logic", before=("Tab", "Down"))
    term.key("C-n")
    term.wait_for("5/10")
    term.key("Tab", "Enter")  # link the next objective to the first element
    say(10, "Make checkout effortless for small shops", "objective_versions")
    term.key("C-n")
    term.wait_for("6/10")
    say(11, "what about shops on mobile?", "notes")
    say(12, "typed after Escape to be safe", "notes", before=("Escape",))
    term.key("F4")
    term.line("4 4 3")  # the votes, voter by voter
    term.key("F5", "F6")  # reveal, close the round
    term.key("C-n")
    term.wait_for("7/10")
    term.key("Tab", "F4")  # focus the one objective
    say(13, "we park nothing this quarter", "notes")
    term.key("C-n")
    term.wait_for("8/10")
    say(14, "Cut checkout time from 90 s to 30 s", "key_results")
    say(15, "Lift repeat orders from 18% to 25% by March", "key_results", before=("Escape",))
    term.key("C-n")
    term.wait_for("9/10")
    say(16, "we build the one-click flow first", "back_briefs")
    term.key("C-n")
    term.wait_for("10/10")
    say(17, "ship the payment spike by Friday", "commitments")
    term.key("C-n")  # the end-of-session summary first
    term.settle(1.0)
    term.key("Enter")
    return {tag: f"{line}\t{part}" for tag, (line, part) in typed.items()}


def _strings(node, path: str = ""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def check(report: dict, typed: dict[str, str], screen: str) -> list[str]:
    problems: list[str] = []
    seen: dict[str, set[str]] = {tag: set() for tag in typed}
    for path, text in _strings(report):
        tags = TAG.findall(text)
        if not tags:
            continue
        if len(tags) > 1:
            problems.append(f"{path}: lines glued together: {text!r}")
            continue
        tag = tags[0]
        if tag not in typed:
            problems.append(f"{path}: a tag nobody typed: {text!r}")
            continue
        line, part = typed[tag].split("\t")
        # a label the report derives around the line: "What we offer: <line>", "objective 1 «<line>»"
        derived = text.endswith(": " + line) or f"\u00ab{line}\u00bb" in text
        if text != line and not derived:
            problems.append(f"{path}: {text!r} is not the line typed, {line!r}")
        seen[tag].add(path.split(".")[0].split("[")[0])
    for tag, parts in seen.items():
        line, part = typed[tag].split("\t")
        if not parts:
            problems.append(f"never recorded: {line!r} (typed for {part})")
        elif part not in parts:
            problems.append(f"{line!r} typed for {part}, recorded in {sorted(parts)}")
    krs = [kr.get("text") for kr in report.get("key_results", [])]
    for tag in ("14", "15"):
        if typed[tag].split("\t")[0] not in krs:
            problems.append(f"key result {typed[tag].split(chr(9))[0]!r} is not among {krs}")
    if not report.get("finished"):
        problems.append("the session is not finished")
    if "FINISHED" not in screen.upper():
        problems.append("the finished session's timer does not say FINISHED:\n" + screen)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="80x24", help="the terminal, e.g. 80x24 or 160x48")
    parser.add_argument("--keep", type=Path, help="keep the sessions folder here")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print(json.dumps({"ok": False, "problems": ["tmux is not installed"]}))
        return 2
    width, height = (int(n) for n in args.size.split("x"))
    root = args.keep or Path(tempfile.mkdtemp(prefix="catchball-check-"))
    env = {"CATCHBALL_SESSIONS_DIR": str(root), "CATCHBALL_CONFIG_DIR": str(root / ".config"), "TERM": "xterm-256color"}
    term = Terminal((width, height), env)
    started = time.monotonic()
    problems: list[str] = []
    typed: dict[str, str] = {}
    try:
        term.start([*CATCHBALL, "new", "--title", "Checkout Q1", "--agenda", "quick",
                    *[x for p in PEOPLE for x in ("--participant", p)]])
        try:
            typed = play(term)
            screen = term.wait_for("FINISHED", timeout=10) if "FINISHED" not in term.screen() else term.screen()
        except TimeoutError as exc:
            problems.append(str(exc))
            screen = term.screen()
        term.key("C-q")
    finally:
        term.close()
    if typed:
        folder = next(p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith("."))
        done = subprocess.run([*CATCHBALL, "export", folder.name, "--format", "json"],
                              capture_output=True, text=True, env={**os.environ, **env}, check=False)
        if done.returncode != 0:
            problems.append(f"export failed: {done.stderr.strip()}")
        else:
            problems += check(json.loads(done.stdout), typed, screen)
    print(json.dumps({"ok": not problems, "problems": problems, "lines": len(typed),
                      "seconds": round(time.monotonic() - started, 1)}, indent=1))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
