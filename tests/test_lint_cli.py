"""`catchball lint` run as a process: one line per input, exit codes, --okr files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import BLNS_PATH

SRC = Path(__file__).resolve().parents[1] / "src"
BLNS = BLNS_PATH


def lint(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "catchball.cli.lint", *args],
        input=data if data is not None else b"", capture_output=True, env=env, timeout=60,
    )


def json_lines(proc: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.decode("utf-8").split("\n") if line]


def test_args_plain_output_and_exit_1():
    proc = lint("Launch the new website")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert "Launch the new website" in out
    assert "[activity]" in out and "\u201cLaunch\u201d" in out and "?" in out


def test_clean_key_result_exits_0():
    proc = lint("Increase activation rate from 34% to 55%")
    assert proc.returncode == 0, proc.stdout
    proc = lint("--json", "Increase activation rate from 34% to 55%")
    assert proc.returncode == 0
    assert json_lines(proc) == [{"text": "Increase activation rate from 34% to 55%", "findings": []}]


def test_stdin_json_one_line_per_input_line_in_order():
    lines = ["Run 5 webinars", "", "Increase NPS from 30 to 40", "   ", "Improve error handling",
             "line with \u2028 separator and \x85 next-line", "tab\there"]
    proc = lint("--json", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    objs = [json.loads(line) for line in out[:-1]]
    assert [o["text"] for o in objs] == lines
    assert objs[1]["findings"] == [] and objs[3]["findings"] == []
    first = objs[0]["findings"][0]
    assert first["code"] == "activity" and first["span"] == [0, 3]
    assert set(first) >= {"code", "message", "span", "question"}


def test_stdin_without_final_newline_and_crlf():
    proc = lint("--json", stdin="Run 5 webinars\r\nShip it")
    objs = json_lines(proc)
    assert [o["text"] for o in objs] == ["Run 5 webinars", "Ship it"]


def test_empty_stdin_prints_nothing_and_exits_0():
    proc = lint("--json", stdin="")
    assert proc.returncode == 0 and proc.stdout == b""


def test_invalid_utf8_on_stdin_does_not_crash():
    proc = lint("--json", stdin=b"Launch \xff\xfe thing\nok\n")
    assert proc.returncode == 1, proc.stderr
    assert len(json_lines(proc)) == 2


def test_hostile_strings_one_line_each():
    if not BLNS.is_file():
        pytest.skip(f"naughty strings file not found at {BLNS}")
    strings = [s for s in json.loads(BLNS.read_text(encoding="utf-8")) if "\n" not in s and "\r" not in s]
    proc = lint("--json", stdin="\n".join(strings) + "\n")
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert proc.stderr == b""
    objs = json_lines(proc)
    assert len(objs) == len(strings)
    # Texts survive exactly (bar NUL-free decoding of what we sent).
    assert [o["text"] for o in objs] == strings


def test_usage_errors_exit_2():
    assert lint("--no-such-flag").returncode == 2
    proc = lint("Ship it", "--okr", "x.toml")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


OKR = """\
objective = "Make onboarding effortless for small clinics"
winning_logic = ["We serve small clinics", "Fast onboarding wins deals"]
focused_objectives = 1
level = "product"

[[key_results]]
text = "Reduce clinic onboarding time from 14 days to 7 days"
owner = "Core"
confidence = 5

[[key_results]]
text = "Launch the new onboarding wizard"
owner = "Core and Growth"
confidence = 10
"""


def test_okr_file_plain_and_json(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text(OKR, encoding="utf-8")
    proc = lint("--okr", str(path))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert "[big]" in out and "[sandbag]" in out and "[activity]" in out

    proc = lint("--okr", str(path), "--json")
    assert proc.returncode == 1
    (obj,) = json_lines(proc)
    assert obj["objective"].startswith("Make onboarding") and obj["findings"] == []
    assert [kr["findings"] for kr in obj["key_results"]][0] == []
    codes = [f["code"] for f in obj["key_results"][1]["findings"]]
    assert codes == ["activity", "no-metric", "big", "sandbag"]


def test_clean_okr_file_exits_0(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text(OKR.split("[[key_results]]\ntext = \"Launch")[0], encoding="utf-8")
    proc = lint("--okr", str(path))
    assert proc.returncode == 0, proc.stdout.decode()


def test_too_many_and_disconnected_from_file(tmp_path):
    krs = "".join(f'[[key_results]]\ntext = "Increase podcast downloads from {i}00 to {i}50"\n' for i in range(1, 5))
    path = tmp_path / "okr.toml"
    path.write_text('objective = "Be loved by clinics"\nwinning_logic = ["small clinics"]\n'
                    'focused_objectives = 2\n' + krs, encoding="utf-8")
    (obj,) = json_lines(lint("--okr", str(path), "--json"))
    assert [f["code"] for f in obj["findings"]] == ["too-many", "too-many"]
    assert all("disconnected" in [f["code"] for f in kr["findings"]] for kr in obj["key_results"])


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file"),
        ('objective = "x"\nwinning_logic = [\n', "line"),
        ('winning_logic = ["a"]\n', "'objective'"),
        ('objective = "x"\nwinning_logic = "a", 3\n', "line"),
        ('objective = "x"\nwinning_logic = [1, 2]\n', "'winning_logic.0"),
        ('objective = "x"\nlevel = "intern"\n', "'level'"),
        ('objective = "x"\nfocused_objectives = "one"\n', "'focused_objectives'"),
        ('objective = "x"\n[[key_results]]\nowner = "Core"\n', "'key_results.0.text'"),
        ('objective = "x"\n[[key_results]]\ntext = "a"\nconfidence = 11\n', "'key_results.0.confidence'"),
        ('objective = "x"\n[[key_results]]\ntext = "a"\nconfidance = 5\n', "'key_results.0.confidance'"),
        ('objective = "x"\nkey_results = "a"\n', "key_results"),
        (b"\xff\xfe objective", "okr.toml"),
    ],
)
def test_broken_okr_file_exit_2_one_line(tmp_path, content, expected):
    path = tmp_path / "okr.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    proc = lint("--okr", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 2, (proc.stdout, err)
    assert proc.stdout == b""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and expected in err


def test_does_not_import_textual():
    env = dict(os.environ, PYTHONPATH=str(SRC))
    code = "import sys, catchball.cli.lint; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_add_parser_registers_lint_with_run_as_func():
    sys.path.insert(0, str(SRC))
    import argparse

    from catchball.cli import lint as lint_cli

    parser = argparse.ArgumentParser(prog="catchball")
    sub = parser.add_subparsers(dest="command")
    lint_cli.add_parser(sub)
    args = parser.parse_args(["lint", "--json", "Ship it"])
    assert args.func is lint_cli.run
    assert args.texts == ["Ship it"] and args.json and args.okr is None


def test_okr_file_numbers_read_as_text_and_a_lone_winning_logic_string(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text('objective = "Grow repeat buyers"\nwinning_logic = "repeat buyers"\n'
                    '[[key_results]]\ntext = "Increase repeat buyers from 18% to 25%"\nbaseline = 18\n'
                    'target = 25\nowner = "Core"\nconfidence = 5\n', encoding="utf-8")
    proc = lint("--okr", str(path), "--json")
    assert proc.returncode in (0, 1) and proc.stderr == b"", proc.stderr


CONTEXT_OKR = """\
objective = "Open our marketplace to outside sellers"
level = "senior"
teams = ["Core", "Growth"]
links = ["offer"]

[[winning_logic]]
element = "offer"
text = "Clinics onboard in one afternoon"

[[winning_logic]]
element = "say_no"
text = "No marketplace for outside sellers"

[[key_results]]
text = "Cut clinic onboarding time from 5 days to 2 days"
owner = "Transformation Office"
weekly = false

[[key_results]]
text = "Pass the external security audit"
owner = "Core"
confidence = 6
[[key_results.exceptions]]
code = "activity"
reason = "the audit is hard-won and customers require it"

[[key_results]]
text = "Onboarding in one afternoon for 80% of clinics, up from 30%"
"""


def test_okr_file_context_gives_the_new_codes(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text(CONTEXT_OKR, encoding="utf-8")
    proc = lint("--okr", str(path), "--json")
    assert proc.returncode == 1, proc.stderr
    (obj,) = json_lines(proc)
    assert [f["code"] for f in obj["findings"]] == ["contradicts"]  # linked to the offer, so not disconnected
    first, audit, third = obj["key_results"]
    assert {"not-weekly", "unknown-owner"} <= {f["code"] for f in first["findings"]}
    assert first["serves"] == "What we offer: Clinics onboard in one afternoon"
    kept = [f for f in audit["findings"] if f["kept"]]
    assert [f["code"] for f in kept] == ["activity"] and "hard-won" in kept[0]["kept"]
    assert "no-owner" in {f["code"] for f in third["findings"]}
    plain = lint("--okr", str(path)).stdout.decode()
    assert "[activity] kept on purpose: the audit is hard-won" in plain
    assert "[contradicts] error:" in plain and "serves What we offer" in plain


def test_okr_file_with_only_kept_findings_exits_0(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text('objective = "Clinics onboard in an afternoon"\n[[key_results]]\n'
                    'text = "Pass the external security audit"\nowner = "Core"\n'
                    '[[key_results.exceptions]]\ncode = "activity"\nreason = "hard-won"\n'
                    '[[key_results.exceptions]]\ncode = "no-metric"\nreason = "binary on purpose"\n',
                    encoding="utf-8")
    proc = lint("--okr", str(path))
    assert proc.returncode == 0, proc.stdout.decode()


def test_okr_file_link_to_nothing_is_one_sentence(tmp_path):
    path = tmp_path / "okr.toml"
    path.write_text('objective = "x"\nwinning_logic = ["a"]\nlinks = [3]\n', encoding="utf-8")
    proc = lint("--okr", str(path))
    assert proc.returncode == 2 and b"links" in proc.stderr and proc.stderr.count(b"\n") == 1
