"""A whole session typed in a real terminal, checked against its export (scripts/tmux_session_check.py).

The held-out kind of check issue 14 names: every phase typed into with the capture line and the
panel focused in turn (Tab, Escape "to be safe"), then every recorded text must be exactly a
line typed for that record, every key result still there, and the finished timer FINISHED.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "tmux_session_check.py"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.mark.parametrize("size", ["80x24", "160x48"])
def test_a_session_typed_in_tmux_records_every_line_where_it_was_meant(size, tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--size", size, "--keep", str(tmp_path / "s")],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "CATCHBALL_CONFIG_DIR": str(tmp_path / "config")})
    result = json.loads(done.stdout[done.stdout.index("{"):])
    assert result["ok"], "\n".join(result["problems"])
    assert result["lines"] == 17 and done.returncode == 0


def test_the_check_catches_a_glued_or_misfiled_line():
    """The comparison itself: without it the test above could pass whatever the app did."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from tmux_session_check import check
    finally:
        sys.path.pop(0)
    typed = {"01": "w01 first\tnotes", "02": "w02 second\tretro", "14": "w14 a\tkey_results",
             "15": "w15 b\tkey_results"}
    good = {"notes": [{"text": "w01 first"}], "retro": [{"text": "w02 second"}],
            "key_results": [{"text": "w14 a"}, {"text": "w15 b"}], "finished": True}
    assert check(good, typed, "FINISHED") == []
    glued = {**good, "notes": [{"text": "w01 firstw02 second"}]}
    assert any("is not the line typed" in p or "glued" in p for p in check(glued, typed, "FINISHED"))
    glued2 = {**good, "notes": [{"text": "w01 first w02 second"}]}
    assert any("glued" in p for p in check(glued2, typed, "FINISHED"))
    cut = {**good, "notes": [{"text": "w01 firs"}]}
    assert any("is not the line typed" in p for p in check(cut, typed, "FINISHED"))
    labelled = {**good, "votes": [{"about": "objective 1 \u00abw01 first\u00bb"}]}
    assert check(labelled, typed, "FINISHED") == []
    misfiled = {**good, "notes": [{"text": "w01 first"}, {"text": "w02 second"}], "retro": []}
    assert any("typed for retro" in p for p in check(misfiled, typed, "FINISHED"))
    lost_kr = {**good, "key_results": [{"text": "w14 a"}]}
    assert any("never recorded" in p for p in check(lost_kr, typed, "FINISHED"))
    assert any("FINISHED" in p for p in check(good, typed, "01:00 finished"[:5]))
