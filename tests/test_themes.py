"""Themes for the room (issue 8): shipped theme files, loading, fallbacks, the remembered choice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color, rgb_to_lab
from textual.widgets import Static

from catchball.store import theme_files
from catchball.store.reading import UnreadableFile
from catchball.tui.theme_file import read_theme_file
from catchball.tui.themes import (
    CATCHBALL_VARIABLE_DEFAULTS,
    DEFAULT_THEME,
    contrast_ratio,
    install_themes,
    load_themes,
    remember_theme,
    theme_from_palette,
)

THEMES_DIR = theme_files.builtin_themes_dir()
SHIPPED = sorted(THEMES_DIR.glob("*.toml"))
HIGH_CONTRAST_THEMES = {"projector", "high-contrast"}
REQUIRED_THEMES = {"catchball", "projector", "high-contrast", "colourblind"}


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user config (or picks up the developer's own themes)."""
    config_dir = tmp_path / "config"
    monkeypatch.setenv(theme_files.CONFIG_DIR_ENV, str(config_dir))
    return config_dir


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _shipped_theme(name: str):
    themes, problems = load_themes()
    assert problems == []
    return {theme.name: theme for theme in themes}[name]


# --- the shipped files ---------------------------------------------------------------


def test_at_least_the_four_required_themes_are_shipped() -> None:
    assert THEMES_DIR.is_dir()
    names = {_read(path)["name"] for path in SHIPPED}
    assert len(SHIPPED) >= 4
    assert REQUIRED_THEMES <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_theme_file_is_valid_and_explicit(path: Path) -> None:
    raw = _read(path)
    # Each file names itself and spells out foreground, background and catchball's variables.
    assert raw["name"] == path.stem
    for key in ("foreground", "background", "primary", "success", "warning", "error"):
        assert key in raw, f"{path.name} leaves out {key}"
    assert set(raw["variables"]) >= set(CATCHBALL_VARIABLE_DEFAULTS)
    read_theme_file(raw)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_theme_is_built_as_its_validated_model_would_build_it(path: Path) -> None:
    # the app builds shipped themes without checking them; the result must be the same theme
    raw = _read(path)
    assert theme_from_palette(raw) == read_theme_file(raw).to_theme()


def test_the_app_starts_with_the_shipped_themes_without_checking_them(tmp_path: Path) -> None:
    code = ("import sys, pathlib; from catchball.tui.app import CatchballApp; "
            "app = CatchballApp(pathlib.Path(sys.argv[1])); "
            "assert app.theme == 'catchball', app.theme; "
            "print(sorted(m for m in sys.modules if m == 'catchball.tui.theme_file'))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                          env={**os.environ, theme_files.CONFIG_DIR_ENV: str(tmp_path / "config")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_shipped_theme_loads_without_problems() -> None:
    themes, problems = load_themes()
    assert problems == []
    assert {theme.name for theme in themes} >= REQUIRED_THEMES
    for theme in themes:
        assert set(theme.variables) >= set(CATCHBALL_VARIABLE_DEFAULTS)
        theme.to_color_system().generate()  # Textual can build its colour system from it


def test_the_defaults_in_code_match_the_default_theme() -> None:
    assert _shipped_theme(DEFAULT_THEME).variables == CATCHBALL_VARIABLE_DEFAULTS


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_foreground_on_background_contrast(path: Path) -> None:
    raw = _read(path)
    minimum = 7.0 if raw["name"] in HIGH_CONTRAST_THEMES else 4.5
    for bg in ("background", "surface", "panel"):
        if bg in raw:
            ratio = contrast_ratio(raw["foreground"], raw[bg])
            assert ratio >= minimum, f"{path.name}: foreground on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_state_colours_are_readable_on_the_background(path: Path) -> None:
    """Timer states and finding severities are shown as text, so they need text contrast too."""
    raw = _read(path)
    minimum = 7.0 if raw["name"] in HIGH_CONTRAST_THEMES else 4.5
    for name, colour in raw["variables"].items():
        ratio = contrast_ratio(colour, raw["background"])
        assert ratio >= minimum, f"{path.name}: {name} on background is {ratio:.2f}:1"


# --- colour-blind safety ---------------------------------------------------------------
#
# The rule: in the colour-blind theme a "good vs bad" pair (success/error,
# timer-running/timer-overtime) must not be red against green. A colour counts as
# red when its hue is within 330°..20° and as green when within 75°..165° (both with
# saturation of at least 25 %; greys have no hue). A pair is forbidden when one colour is
# red and the other green. As a second check the pair must stay clearly apart (CIE76
# ΔE >= 40) when simulated for protanopia and deuteranopia (Machado et al. 2009, severity
# 1.0, in linear RGB) — a classic red/green pair drops to ΔE 7..27 there.

RED_HUES = ((330.0, 360.0), (0.0, 20.0))
GREEN_HUES = ((75.0, 165.0),)
GOOD_BAD_PAIRS = (("success", "error"), ("timer-running", "timer-overtime"))
CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def _in_band(colour: str, bands: tuple[tuple[float, float], ...]) -> bool:
    hsl = Color.parse(colour).hsl
    hue = hsl.h * 360.0
    return hsl.s >= 0.25 and any(low <= hue <= high for low, high in bands)


def is_red_green_pair(first: str, second: str) -> bool:
    return (_in_band(first, RED_HUES) and _in_band(second, GREEN_HUES)) or (
        _in_band(first, GREEN_HUES) and _in_band(second, RED_HUES)
    )


def _simulate(colour: str, matrix) -> Color:
    def linear(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    def encode(value: float) -> int:
        value = min(1.0, max(0.0, value))
        value = 12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
        return round(value * 255)

    rgb = [linear(channel) for channel in Color.parse(colour).rgb]
    return Color(*(encode(sum(k * c for k, c in zip(row, rgb))) for row in matrix))


def _delta_e(first: Color, second: Color) -> float:
    a, b = rgb_to_lab(first), rgb_to_lab(second)
    return ((a.L - b.L) ** 2 + (a.a - b.a) ** 2 + (a.b - b.b) ** 2) ** 0.5


def test_the_rule_catches_a_classic_red_green_pair() -> None:
    assert is_red_green_pair("#2ca02c", "#d62728")
    assert is_red_green_pair("#ff6b6b", "#5fd38d")
    assert not is_red_green_pair("#0072b2", "#e69f00")
    for matrix in CVD_MATRICES.values():
        assert _delta_e(_simulate("#2ca02c", matrix), _simulate("#d62728", matrix)) < 40


@pytest.mark.parametrize("good, bad", GOOD_BAD_PAIRS)
def test_colourblind_theme_never_puts_red_against_green(good: str, bad: str) -> None:
    raw = _read(THEMES_DIR / "colourblind.toml")
    palette = {**raw, **raw["variables"]}
    assert not is_red_green_pair(palette[good], palette[bad])
    for kind, matrix in CVD_MATRICES.items():
        distance = _delta_e(_simulate(palette[good], matrix), _simulate(palette[bad], matrix))
        assert distance >= 40, f"{good}/{bad} are only ΔE {distance:.0f} apart with {kind}"


# --- broken and user theme files ---------------------------------------------------------

BROKEN_FILES = {
    "bad-colour": 'name = "bad-colour"\nprimary = "#123456"\nforeground = "#ffffff"\nbackground = "#zzzzzz"\n',
    "no-background": 'name = "no-background"\nprimary = "#123456"\nforeground = "#ffffff"\n',
    "not-toml": 'name = "not-toml"\nprimary = \n',
    "unknown-key": 'name = "unknown-key"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\ncolour = "#fff"\n',
    "typo-variable": (
        'name = "typo-variable"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n'
        '[variables]\ntimer-runing = "#00ff00"\n'
    ),
    "bad-variable": (
        'name = "bad-variable"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n'
        '[variables]\ntimer-running = "greenish"\n'
    ),
}
EXPECTED_WORDS = {
    "bad-colour": "background",
    "no-background": "background",
    "not-toml": "line 2",
    "unknown-key": "colour",
    "typo-variable": "timer-runing",
    "bad-variable": "greenish",
}


@pytest.mark.parametrize("stem", sorted(BROKEN_FILES))
def test_a_broken_theme_file_is_reported_and_skipped(stem: str, tmp_path: Path) -> None:
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / f"{stem}.toml").write_text(BROKEN_FILES[stem], encoding="utf-8")

    themes, problems = load_themes(folder)

    names = {theme.name for theme in themes}
    assert stem not in names
    assert REQUIRED_THEMES <= names  # the built-in ones are unaffected
    assert len(problems) == 1
    assert f"{stem}.toml" in problems[0]
    assert EXPECTED_WORDS[stem] in problems[0]
    assert "\n" not in problems[0] and problems[0].endswith(".")


def test_read_theme_files_returns_parse_errors_instead_of_raising(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "a"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text("name = \n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a theme", encoding="utf-8")
    results = theme_files.read_theme_files([tmp_path, tmp_path / "missing"])
    assert [path.name for path, _ in results] == ["a.toml", "b.toml"]
    assert results[0][1] == {"name": "a"}
    assert isinstance(results[1][1], UnreadableFile) and "b.toml" in str(results[1][1])


def test_a_missing_themes_dir_is_reported(tmp_path: Path) -> None:
    themes, problems = load_themes(tmp_path / "nowhere")
    assert REQUIRED_THEMES <= {theme.name for theme in themes}
    assert len(problems) == 1 and "nowhere" in problems[0]


def test_user_themes_join_and_override_the_built_in_ones(private_config_dir: Path, tmp_path: Path) -> None:
    user_dir = theme_files.user_themes_dir()
    assert user_dir == private_config_dir / "themes"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text(
        'name = "mine"\ndark = false\nprimary = "#003366"\nforeground = "#111111"\nbackground = "#fafafa"\n',
        encoding="utf-8",
    )
    (user_dir / "projector.toml").write_text(
        'name = "projector"\ndark = false\nprimary = "#000080"\nforeground = "#000000"\nbackground = "#fffff0"\n',
        encoding="utf-8",
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "room-42.toml").write_text(
        'name = "room-42"\nprimary = "#ff8800"\nforeground = "#eeeeee"\nbackground = "#202020"\n',
        encoding="utf-8",
    )

    themes, problems = load_themes(extra)

    assert problems == []
    by_name = {theme.name: theme for theme in themes}
    assert {"mine", "room-42"} | REQUIRED_THEMES <= set(by_name)
    assert by_name["projector"].background == "#fffff0"
    # Variables a theme leaves out come from its own palette, so a light theme stays readable.
    assert by_name["mine"].variables["timer-paused"] == "#111111"
    assert by_name["mine"].variables["finding-info"] == "#003366"
    assert set(by_name["room-42"].variables) == set(CATCHBALL_VARIABLE_DEFAULTS)


# --- the remembered choice --------------------------------------------------------------


def test_remembered_theme_round_trips(private_config_dir: Path) -> None:
    assert theme_files.user_config_path() == private_config_dir / "config.toml"
    assert theme_files.load_user_config() == {}
    theme_files.save_user_config({"other": {"kept": True}})

    assert remember_theme("projector") is None

    assert theme_files.load_user_config() == {"other": {"kept": True}, "theme": "projector"}
    assert sorted(p.name for p in private_config_dir.iterdir()) == ["config.toml"]  # no temp files left

    assert remember_theme("colourblind") is None
    assert theme_files.load_user_config()["theme"] == "colourblind"


def test_save_user_config_cleans_stale_temp_files(private_config_dir: Path) -> None:
    private_config_dir.mkdir(parents=True)
    stale = private_config_dir / ".config.toml.abc123.tmp"
    stale.write_text("half a write", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    theme_files.save_user_config({"theme": "catchball"})
    assert not stale.exists()
    assert theme_files.load_user_config() == {"theme": "catchball"}


def test_an_unreadable_config_is_not_overwritten(private_config_dir: Path) -> None:
    private_config_dir.mkdir(parents=True)
    theme_files.user_config_path().write_text("theme = ", encoding="utf-8")
    problem = remember_theme("projector")
    assert problem is not None and "config.toml" in problem
    assert theme_files.user_config_path().read_text(encoding="utf-8") == "theme = "


# --- in a running app -----------------------------------------------------------------------


class ThemedApp(App[None]):
    """A stand-in for the catchball app: catchball variables in its CSS, themes installed."""

    CSS = """
    #timer { color: $timer-running; background: $background; }
    #finding { color: $finding-error; }
    """

    def __init__(self, themes_dir: Path | None = None, requested: str | None = None) -> None:
        super().__init__()
        self.problems = install_themes(self, themes_dir, requested)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(CATCHBALL_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Static("▶ RUNNING 12:00", id="timer")
        yield Static("✖ error: no measurable key result", id="finding")

    def on_mount(self) -> None:
        for problem in self.problems:
            self.notify(problem, severity="warning", markup=False)


def _run(app: ThemedApp, check) -> None:
    async def scenario() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            await check(app, pilot)

    asyncio.run(scenario())


def test_app_shows_the_requested_theme() -> None:
    async def check(app: ThemedApp, pilot) -> None:
        assert app.theme == "projector"
        assert app.problems == []
        timer = app.query_one("#timer")
        assert timer.styles.color == Color.parse(_shipped_theme("projector").variables["timer-running"])

    _run(ThemedApp(requested="projector"), check)


def test_app_falls_back_to_the_default_for_an_unknown_theme() -> None:
    async def check(app: ThemedApp, pilot) -> None:
        assert app.theme == DEFAULT_THEME
        assert len(app.problems) == 1 and "no-such-theme" in app.problems[0]

    _run(ThemedApp(requested="no-such-theme"), check)


def test_app_falls_back_when_the_requested_user_theme_is_broken(tmp_path: Path) -> None:
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "bad-colour.toml").write_text(BROKEN_FILES["bad-colour"], encoding="utf-8")

    async def check(app: ThemedApp, pilot) -> None:
        assert app.theme == DEFAULT_THEME
        assert any("bad-colour.toml" in problem for problem in app.problems)
        assert any("'bad-colour'" in p and DEFAULT_THEME in p for p in app.problems)

    _run(ThemedApp(themes_dir=folder, requested="bad-colour"), check)


def test_app_starts_in_the_remembered_theme_and_can_switch_to_any_theme() -> None:
    assert remember_theme("high-contrast") is None

    async def check(app: ThemedApp, pilot) -> None:
        assert app.theme == "high-contrast"
        # Textual's own themes (offered by the command palette) work with catchball's CSS too.
        app.theme = "nord"
        await pilot.pause()
        assert app.query_one("#timer").styles.color.a > 0
        app.theme = "textual-light"
        await pilot.pause()
        assert app.theme == "textual-light"

    _run(ThemedApp(), check)


def test_an_unknown_remembered_theme_falls_back() -> None:
    assert remember_theme("gone-away") is None

    async def check(app: ThemedApp, pilot) -> None:
        assert app.theme == DEFAULT_THEME
        assert len(app.problems) == 1 and "gone-away" in app.problems[0]

    _run(ThemedApp(), check)


# --- contrast_ratio ------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    # A translucent foreground is seen blended onto the background.
    assert contrast_ratio("#ffffff00", "#000000") == pytest.approx(1.0)
