"""Startup hygiene: the package, its domain and store, and `catchball --help` load no Textual.

Each check runs in a fresh interpreter, so nothing this test process imported can hide a leak.
"""

from __future__ import annotations

import subprocess
import sys

NO_TEXTUAL = "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), " \
             "sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))[:5]"


def _python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)


def test_import_catchball_loads_no_textual():
    done = _python("-c", f"import catchball, sys; {NO_TEXTUAL}")
    assert done.returncode == 0, done.stderr


def test_domain_and_store_modules_load_no_textual():
    code = f"""
import importlib, pkgutil, sys
import catchball.domain, catchball.store
names = []
for package in (catchball.domain, catchball.store):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
assert "catchball.domain.state" in names and "catchball.store.event_log" in names, names
{NO_TEXTUAL}
"""
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr


def test_help_loads_no_textual():
    done = _python("-X", "importtime", "-m", "catchball.cli", "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: catchball" in done.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")]
    assert "catchball.cli" in imported or any(name.startswith("catchball") for name in imported)
    textual = [name for name in imported if name == "textual" or name.startswith("textual.")]
    assert not textual, f"catchball --help imported {textual[:5]}"


def test_the_bare_command_loads_neither_argparse_nor_the_session_machinery_before_the_app():
    # plain `catchball` goes straight to the home screen: what it imports before the first frame
    # is on the start-up budget (benchmarks/run.py, startup_ratio)
    code = ("import sys, catchball.cli, catchball.cli.app, catchball.tui.app; "
            "late = [m for m in sys.modules if m in ('argparse', 'catchball.domain.state', "
            "'catchball.store.session_dir')]; assert not late, late")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr


def test_resume_builds_its_parser_without_the_coach_or_the_number_patterns():
    # `catchball resume` pays for every import before its first frame (resume_ratio in benchmarks/):
    # the OKR coach (lint) and the patterns that read numbers from a key result load when used
    code = ("import sys; from catchball.cli.main import build_parser; "
            "build_parser().parse_args(['resume', 'x']); "
            "import catchball.store.live, catchball.domain.fold, catchball.tui.app; "
            "late = [m for m in sys.modules if m in ('catchball.domain.quality', 'catchball.domain.numbers', "
            "'catchball.domain.quality_rules')]; assert not late, late")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr


def test_the_review_lists_from_its_index_without_the_events_or_the_fold(tmp_path):
    # review's first row (review_first_row_ratio): the index holds the summaries, so listing
    # neither validates a log nor loads the event models
    import shutil
    from pathlib import Path

    sessions = tmp_path / "sessions"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sessions", sessions)
    index = ("from pathlib import Path; from catchball.store.session_index import list_sessions; "
             f"assert list_sessions(Path({str(sessions)!r}))")
    assert _python("-c", index).returncode == 0  # reads the logs once and writes the index
    code = ("import sys; from pathlib import Path; from catchball.cli.main import build_parser; "
            "build_parser().parse_args(['review']); "
            "import catchball.tui.app, catchball.tui.screens.review_screen; "
            "from catchball.store.session_index import iter_sessions; "
            f"rows = list(iter_sessions(Path({str(sessions)!r}))); assert rows and rows[0].summary; "
            "late = [m for m in sys.modules if m in ('catchball.domain.events', "
            "'catchball.domain.fold')]; assert not late, late")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr


def test_every_module_imports_where_pydantic_is_not_installed():
    # one validation library, msgspec (domain.record): pydantic is no dependency, and nothing may
    # need it. None in sys.modules stands in for a machine without it: importing it fails, and
    # find_spec says it is not there (see also test_house)
    code = """
import importlib, pkgutil, sys
sys.modules.update(pydantic=None, pydantic_core=None)
import catchball
names = [info.name for info in pkgutil.walk_packages(catchball.__path__, "catchball.")
         if not info.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert "catchball.domain.okr_file" in names and "catchball.tui.theme_file" in names, names
"""
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
