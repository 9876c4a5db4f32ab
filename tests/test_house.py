"""The house: which room may import which, the static panel registry, files read in one sitting,
the phase panels' one style vocabulary, and one validation library."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from catchball.domain.agenda import PhaseKind
from catchball.tui.widgets.phase_panel import PhasePanel
from catchball.tui.widgets.phases import PANELS, WITHOUT_PANEL, panel_for

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "catchball"
# a room may import the rooms on its right, never one on its left
ORDER = ("cli", "tui", "services", "store", "domain")
MAX_LINES = 420  # "readable in one sitting": about 400
SPLIT_UNDER_WAY: dict[str, str] = {}  # files over the limit while a split is under way: none now


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _room(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in ORDER else None


def _imported_rooms(source: str, package: tuple[str, ...]) -> set[str]:
    """The catchball rooms a module imports, however the import is written (also inside functions);
    `package` is the module's folder below catchball/, e.g. ("domain",)."""
    rooms: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = (*base, *(node.module.split(".") if node.module else ()))
            elif node.module and node.module.startswith("catchball."):
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            if target:
                rooms.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("catchball."):
                    rooms.add(alias.name.split(".")[1])
    return rooms


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_room_imports_only_the_rooms_below_it(path):
    room = _room(path)
    if room is None:
        return
    below = set(ORDER[ORDER.index(room):])
    imported = _imported_rooms(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).parent.parts)
    wrong = {r for r in imported if r in ORDER and r not in below}
    assert not wrong, f"{path.relative_to(PACKAGE)} ({room}) imports {sorted(wrong)}"


def test_the_layer_check_sees_a_wrong_import():
    """The walker above must catch relative and absolute imports, also inside a function."""
    source = "from . import fold\ndef f():\n    from ..store import event_log\n    import catchball.tui.app\n"
    assert _imported_rooms(source, ("domain",)) == {"domain", "store", "tui"}
    assert _imported_rooms("from ...domain.fold import replay\n", ("tui", "widgets")) == {"domain"}


def test_every_phase_kind_has_its_panel_or_none_on_purpose():
    assert set(PANELS) | WITHOUT_PANEL == set(PhaseKind)
    assert not set(PANELS) & WITHOUT_PANEL
    for kind in PhaseKind:
        cls = panel_for(kind)
        if kind in WITHOUT_PANEL:
            assert cls is None
            continue
        assert issubclass(cls, PhasePanel), kind
        # one main widget per file, named after its class: FocusPanel lives in focus_panel.py
        module = cls.__module__.rsplit(".", 1)[-1]
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")
        assert module == snake.replace("back_brief", "backbrief"), (kind, cls.__module__)


def test_the_registry_is_written_out_not_looked_up():
    source = (PACKAGE / "tui" / "widgets" / "phases" / "__init__.py").read_text(encoding="utf-8")
    assert "import_module" not in source and "__import__" not in source and "getattr(" not in source


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_file_reads_in_one_sitting(path):
    if path.name in SPLIT_UNDER_WAY:
        pytest.skip(SPLIT_UNDER_WAY[path.name])
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines: split it by what it does"


def _private_imports(source: str) -> list[str]:
    """Names starting with one underscore that a module imports from another catchball module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("catchball")):
            found += [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_what_another_module_uses_has_a_public_name(path):
    assert not _private_imports(path.read_text(encoding="utf-8")), path.relative_to(PACKAGE)


def test_the_private_import_check_sees_one():
    assert _private_imports("from .numbers import _QUANTITY_RE, read_value\n") == ["_QUANTITY_RE"]
    assert _private_imports("from .app import sessions_dir as _sessions_dir\n") == []


# -- the phase panels: one style vocabulary ------------------------------------------------------
WIDGETS = PACKAGE / "tui" / "widgets"
COMPONENT = re.compile(r"^\.?[a-z][a-z0-9]*--[a-z0-9-]+$")  # "phase--muted", ".phase--muted"


def _component_names(source: str) -> list[str]:
    """Every string in `source` that names a component class, and `--` for a name built at run time."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            names += ["--" for part in node.values if isinstance(part, ast.Constant) and str(part.value).endswith("--")]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and COMPONENT.match(node.value):
            names.append(node.value.lstrip("."))
    return names


def _panel_sources() -> list[Path]:
    return sorted([*WIDGETS.glob("*.py"), *(WIDGETS / "phases").glob("*.py")])


def test_the_component_name_check_sees_a_stranger():
    source = 'x = ("a", ".old--sel")\nstyle("phase--good")\nf".phase--{severity}"\n'
    assert sorted(_component_names(source)) == ["--", "old--sel", "phase--good"]


def test_a_panel_styles_its_text_with_the_one_set_only():
    one_set = PhasePanel.COMPONENT_CLASSES
    for path in _panel_sources():
        strangers = set(_component_names(path.read_text(encoding="utf-8"))) - one_set
        assert not strangers, f"{path.relative_to(PACKAGE)} uses {sorted(strangers)}: use PhasePanel's set"
    for kind in PANELS:
        for cls in panel_for(kind).__mro__:
            if cls is PhasePanel:
                break
            # a panel's own set, or its own class, would start a second vocabulary
            assert "COMPONENT_CLASSES" not in cls.__dict__ and "DEFAULT_CLASSES" not in cls.__dict__, cls
    css = (WIDGETS / "phase_panel.tcss").read_text(encoding="utf-8")
    for name in one_set:
        assert f".phase-panel > .{name} {{" in css, f"{name} has no look in phase_panel.tcss"
    used = set(re.findall(r"\.(phase--[a-z-]+)", css))
    assert used <= one_set, sorted(used - one_set)
    # Textual leaves reverse out of a component class's look (Widget.get_visual_style): it would not show
    for name, rule in re.findall(r"\.(phase--[a-z-]+) \{([^}]*)\}", css):
        assert "reverse" not in rule, f"{name}: reverse is not drawn for a component class"


def test_the_two_old_panel_styles_are_gone():
    """The two styles the panels had before the one vocabulary: their prefixes stay out."""
    old = re.compile(r"\bp[ab]--?[a-z]")
    places = [REPO / "README.md", *(REPO / d for d in ("src", "tests", "scripts", "docs", "benchmarks"))]
    found = []
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for path in files:
            if path.suffix in (".py", ".tcss", ".md", ".toml", ".txt", ".sh", ".json", ".html"):
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{path.relative_to(REPO)}: {m.group()}" for m in old.finditer(text)]
    assert not found, found


def _imported_packages(source: str) -> set[str]:
    """The top-level packages a module imports: import statements (also inside functions) and
    import_module / __import__ calls with a written-out name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")):
            names.add(str(node.args[0].value).split(".")[0])
    return names


NOT_USED = {"pydantic", "pydantic_core"}  # one validation library: msgspec (domain.record)


def test_one_validation_library():
    used = {str(p.relative_to(PACKAGE)): sorted(_imported_packages(p.read_text(encoding="utf-8")) & NOT_USED)
            for p in _modules()}
    assert not {path: names for path, names in used.items() if names}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *(r for rs in project["optional-dependencies"].values() for r in rs)]
    assert not [r for r in requirements if re.match(r"pydantic\b", r)], requirements


def test_the_package_check_sees_pydantic():
    assert _imported_packages("def f():\n    from pydantic import BaseModel\n") == {"pydantic"}
    assert _imported_packages("import pydantic.v1 as p\n") == {"pydantic"}
    assert _imported_packages("import importlib\nimportlib.import_module('pydantic_core')\n") == \
        {"importlib", "pydantic_core"}
    assert _imported_packages("from . import record\nfrom msgspec import Struct\n") == {"msgspec"}
