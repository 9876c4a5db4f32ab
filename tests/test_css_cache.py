"""The parsed stylesheets kept between starts (store/css_cache.py, tui/parsed_css.py)."""

from __future__ import annotations

import os
import pickle

import textual.css.stylesheet as stylesheet_module

from catchball.store import css_cache, user_cache
from catchball.tui.app import CatchballApp


def test_entries_come_back_as_they_were_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "c"))
    assert css_cache.load("k") == {}
    css_cache.save("k", {("a {}", ("f", "")): [1, 2]})
    assert css_cache.load("k") == {("a {}", ("f", "")): [1, 2]}
    assert css_cache.load("other") == {}


def test_a_damaged_or_foreign_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path))
    css_cache.save("k", {("x",): []})
    (path,) = tmp_path.glob("css-*.pickle")
    for junk in (b"", b"\x80\x05garbage", pickle.dumps(["a list"]), pickle.dumps(("k", {"not a tuple": []})),
                 pickle.dumps(("k", {("k",): "not a list"})), pickle.dumps(("another key", {("x",): []}))):
        path.write_bytes(junk)
        assert css_cache.load("k") == {}


def test_saving_is_whole_file_and_never_fails_a_start(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "c"))
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    css_cache.save("k", {("x",): []})
    assert calls[:2] == ["fsync", "replace"]
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left")))
    css_cache.save("k2", {("y",): []})  # does not raise
    assert [p.name for p in (tmp_path / "c").iterdir() if p.name.endswith(".tmp")] == []


def test_only_the_newest_files_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path))
    for i in range(css_cache.KEEP + 3):
        css_cache.save(f"k{i}", {("x",): []})
        path = user_cache.file_for(f"k{i}", css_cache.FILES)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert len(list(tmp_path.glob("css-*.pickle"))) == css_cache.KEEP
    assert css_cache.load(f"k{css_cache.KEEP + 2}") and not css_cache.load("k0")


async def _start(tmp_path, new_live, clock, theme=None) -> tuple[list[str], str, list[str]]:
    """One start of the session screen: the sheets Textual parsed, the screen's text, and the
    cache files there were when the first frame was shown."""
    parsed: list[str] = []
    parse = stylesheet_module.parse

    def counted(scope, css, read_from, *args, **kwargs):
        parsed.append(str(read_from[0]))
        return parse(scope, css, read_from, *args, **kwargs)

    stylesheet_module.parse = counted
    files_at_first_frame: list[str] = []
    try:
        app = CatchballApp(tmp_path / "sessions", live=new_live(), clock=clock, theme=theme)
        app.after_first_frame(lambda: files_at_first_frame.extend(sorted(
            p.name for p in (tmp_path / "cache").glob("css-*"))))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            text = app.export_screenshot()  # every cell, with its colours
            app.live.close()
    finally:
        stylesheet_module.parse = parse
    return parsed, text, files_at_first_frame


async def test_a_second_start_parses_none_of_the_sheets_and_looks_the_same(tmp_path, new_live, clock, monkeypatch):
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "cache"))
    first, first_screen, files_then = await _start(tmp_path, new_live, clock)
    assert any(p.endswith("facilitate_screen.tcss") for p in first)
    assert files_then == [], "the cache was written before the first frame"
    assert len(list((tmp_path / "cache").glob("css-*.pickle"))) == 1
    second, second_screen, _ = await _start(tmp_path, new_live, clock)
    assert second == []
    assert second_screen == first_screen
    third, _, _ = await _start(tmp_path, new_live, clock, theme="projector")  # other variables: its own file
    assert any(p.endswith("facilitate_screen.tcss") for p in third)
    assert len(list((tmp_path / "cache").glob("css-*.pickle"))) == 2


def test_another_install_of_the_parser_has_its_own_file(tmp_path):
    source = tmp_path / "parse.py"
    source.write_text("one")
    before = user_cache.stamp(str(source))
    source.write_text("other version")
    assert user_cache.stamp(str(source)) != before
    assert user_cache.stamp(str(tmp_path / "missing.py")).endswith(":?")
