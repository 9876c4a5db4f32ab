"""What the first frame waits for (benchmarks/run.py: startup_ratio, resume_ratio_N, *_first_row_ratio_N).

Work the first frame does not show starts after it, and still starts; a stylesheet is parsed
once; the command line loads no session machinery before the home screen or the review.
No timings: each check is an order, a count or a module list.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import textual.css.stylesheet as stylesheet_module
from _shared import room
from textual.app import App

from catchball.store import session_index
from catchball.store.inbox import InboxWriter
from catchball.store.session_index import list_sessions
from catchball.tui.app import CatchballApp
from catchball.tui.screens.facilitate_screen import FacilitateScreen
from catchball.tui.screens.review_screen import ReviewScreen
from catchball.tui.widgets.key_footer import KeyFooter


def _count_frames(monkeypatch) -> list[str]:
    """Every frame the app writes (headless: would write), in order, as the screen's class name.
    While Textual holds the repaints of its start (a batch), `_display` is called but writes nothing."""
    frames: list[str] = []
    display = App._display

    def counted(self, screen, renderable):
        if renderable is not None and not self._batch_count:
            frames.append(type(screen).__name__)
        return display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", counted)
    return frames


def _seen_at_first_frame(monkeypatch, frames: list[str], take) -> list:
    """What `take(screen)` gives as the first frame is written (`frames` from `_count_frames`)."""
    seen: list = []
    display = App._display

    def first(self, screen, renderable):
        display(self, screen, renderable)
        if len(frames) == 1 and not seen:
            seen.append(take(screen))

    monkeypatch.setattr(App, "_display", first)
    return seen


async def test_the_inboxes_are_taken_in_after_the_first_frame_and_still_are(new_live, clock, tmp_path, monkeypatch):
    live = new_live()
    ben = InboxWriter(live.folder, "Ben", room(live.folder))
    ben.send(kind="note", at=clock.now(), text="sent before the facilitator's app started")
    frames = _count_frames(monkeypatch)
    started_after: list[int] = []
    start = FacilitateScreen._start_inboxes

    def start_inboxes(self):
        started_after.append(len(frames))
        start(self)

    monkeypatch.setattr(FacilitateScreen, "_start_inboxes", start_inboxes)
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.screen._ingest is not None:
                break
        await pilot.pause()
        assert started_after and started_after[0] >= 1, "the poll started before the first frame"
        assert "FacilitateScreen" in frames[:started_after[0]]
        notes = [e for e in live.events if e.kind == "noted"]
        assert [(n.text, n.by) for n in notes] == [("sent before the facilitator's app started", "Ben")]
    ben.close()


async def test_the_facilitation_stylesheet_is_parsed_once_when_a_session_opens(new_live, clock, tmp_path,
                                                                             monkeypatch):
    parsed: list[str] = []
    parse = stylesheet_module.parse

    def counted(scope, css, read_from, *args, **kwargs):
        parsed.append(str(read_from[0]))
        return parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counted)
    monkeypatch.setenv("CATCHBALL_CACHE_DIR", str(tmp_path / "cache"))  # nothing kept from earlier starts
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FacilitateScreen)
    own = [path for path in parsed if path.endswith(("facilitate_screen.tcss", "catchball.tcss", "phase_panel.tcss"))]
    assert sorted(own) == sorted({*own}) and len(own) == 3, own


def _listed(new_live, tmp_path, monkeypatch) -> tuple[list[str], list[int]]:
    """Three sessions in the index, then a fourth, older by name, not in it yet; returns the folder
    names newest first, and a list that gets the number of frames shown at each session read from its files."""
    names = []
    for title in ("Alpha", "Bravo", "Charlie"):
        live = new_live(title=title)
        live.close()
        names.append(live.folder.name)
    list_sessions(tmp_path / "sessions")  # the index
    late = new_live(title="Aardvark")
    late.close()
    read_at: list[int] = []
    return [*reversed(names), late.folder.name], read_at


def _scans(monkeypatch, frames: list[str]) -> list[int]:
    """The number of frames shown each time the review starts its listing's thread."""
    scanned_at: list[int] = []
    scan = ReviewScreen._scan

    def counted(self, listing):
        scanned_at.append(len(frames))
        return scan(self, listing)

    monkeypatch.setattr(ReviewScreen, "_scan", counted)
    return scanned_at


async def test_review_with_nothing_in_the_index_reads_at_once(new_live, clock, tmp_path, monkeypatch):
    live = new_live(title="Alpha")  # no index yet: the rows are read from the logs, and nothing waits
    live.close()
    frames = _count_frames(monkeypatch)
    scanned_at = _scans(monkeypatch, frames)
    app = CatchballApp(tmp_path / "sessions", clock=clock, start=ReviewScreen())
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert scanned_at == [0]
        assert [key.value for key in app.screen.query_one("DataTable").rows] == [live.folder.name]


async def test_review_shows_the_indexed_rows_in_its_first_frame_and_reads_the_rest_after_it(
        new_live, clock, tmp_path, monkeypatch):
    names, read_at = _listed(new_live, tmp_path, monkeypatch)
    frames = _count_frames(monkeypatch)
    at_first_frame = _seen_at_first_frame(
        monkeypatch, frames, lambda screen: [key.value for key in screen.query_one("DataTable").rows])
    read = session_index.read_summary
    monkeypatch.setattr(session_index, "read_summary", lambda folder: (read_at.append(len(frames)), read(folder))[1])
    scanned_at = _scans(monkeypatch, frames)
    app = CatchballApp(tmp_path / "sessions", clock=clock, start=ReviewScreen())
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert at_first_frame == [names[:3]]  # the index's rows, newest first
        assert scanned_at and min(scanned_at) >= 1, scanned_at
        assert read_at and min(read_at) >= 1, read_at  # the log not in the index: read after the first frame
        assert [key.value for key in app.screen.query_one("DataTable").rows] == names


async def test_review_opened_from_home_lists_the_indexed_rows_then_the_rest_in_order(new_live, clock, tmp_path,
                                                                                     monkeypatch):
    names, _ = _listed(new_live, tmp_path, monkeypatch)
    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(ReviewScreen())
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert [key.value for key in app.screen.query_one("DataTable").rows] == names


async def test_home_offers_the_indexed_resumes_in_its_first_frame_and_reads_the_rest_after_it(
        new_live, clock, tmp_path, monkeypatch):
    names, read_at = _listed(new_live, tmp_path, monkeypatch)
    frames = _count_frames(monkeypatch)

    def options(screen) -> list[str]:
        menu = screen.query_one("#home-menu")
        return [menu.get_option_at_index(i).id for i in range(menu.option_count)]

    at_first_frame = _seen_at_first_frame(monkeypatch, frames, options)
    read = session_index.read_summary
    monkeypatch.setattr(session_index, "read_summary", lambda folder: (read_at.append(len(frames)), read(folder))[1])
    app = CatchballApp(tmp_path / "sessions", clock=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        resumes = [f"resume:{name}" for name in names]
        assert [i for i in at_first_frame[0] if i.startswith("resume:")] == resumes[:3]
        assert read_at and min(read_at) >= 1, read_at
        menu = app.screen.query_one("#home-menu")
        assert [i for i in (menu.get_option_at_index(n).id for n in range(menu.option_count))
                if i.startswith("resume:")] == resumes


# the app is built as the command builds it (themes installed), then not run
_NO_RUN = "import catchball.tui.app as t; t.CatchballApp.run = lambda self, *a, **k: None; "
_LATE = ("late = [m for m in sys.modules if m in ('catchball.domain.agenda', "
         "'catchball.domain.state', 'catchball.store.session_dir')]; assert not late, late")


def _python(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def test_the_bare_command_builds_the_home_screens_app_without_the_session_records(tmp_path):
    code = f"import sys; {_NO_RUN}from catchball.cli.main import main; assert main([]) == 0; {_LATE}"
    done = _python(code, tmp_path)  # its default sessions folder, ./sessions, is not there
    assert done.returncode == 0, done.stderr


def test_review_builds_its_app_without_the_session_records(tmp_path):
    code = (f"import sys; {_NO_RUN}from catchball.cli.main import main; "
            f"assert main(['--sessions-dir', {str(tmp_path)!r}, 'review']) == 0; {_LATE}")
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr


def _footer_keys(screen) -> str:
    """The screen's last line (its footer) as drawn."""
    return "".join(segment.text for segment in screen._compositor.render_strips()[-1])


async def test_the_first_frame_shows_the_capture_lines_keys_in_a_footer_of_one_widget(new_live, clock, tmp_path,
                                                                                     monkeypatch):
    frames = _count_frames(monkeypatch)
    at_first_frame = _seen_at_first_frame(monkeypatch, frames, _footer_keys)
    live = new_live()
    app = CatchballApp(tmp_path / "sessions", live=live, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.pause()
        screen = app.screen
        assert app.focused is screen.query_one("#capture-input")
        assert "f2 Who" in at_first_frame[0] and "f3 Type" in at_first_frame[0], at_first_frame
        # Textual's footer was a widget per key, mounted again after every focus change: the
        # largest cost before a resumed session's first frame. This one draws them all.
        footer = screen.query_one(KeyFooter)
        assert not footer.children
        screen.query_one("#log").focus()  # the capture line's own keys go from the footer
        await pilot.pause()
        await pilot.pause()
        assert "f2 Who" not in _footer_keys(screen) and "^n Next phase" in _footer_keys(screen)
        assert screen.query_one(KeyFooter) is footer and not footer.children


def test_the_facilitation_screen_loads_no_rich_pretty(tmp_path):
    # Textual's RichLog imports rich.pretty, and rich.pretty attrs when it is installed (about
    # 8 ms before a resumed session's first frame): the notes log draws its own lines
    code = ("import sys, catchball.tui.screens.facilitate_screen; "
            "late = [m for m in sys.modules if m in ('rich.pretty', 'attr', 'textual.widgets._rich_log')]; "
            "assert not late, late")
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr


async def test_the_collector_is_paused_from_the_command_line_to_the_first_frame(new_live, clock, tmp_path,
                                                                                 monkeypatch):
    """An app command pauses the collector (its start allocates objects that stay alive); the
    first frame freezes what was made and turns it on again, and a command that ends without
    a frame turns it on too."""
    import gc
    import importlib

    from catchball.tui import start_pause

    cli_main = importlib.import_module("catchball.cli.main")
    frames = _count_frames(monkeypatch)
    seen: list[tuple[bool, int]] = []
    on_ready = CatchballApp.on_ready

    def ready(self):
        seen.append((gc.isenabled(), len(frames)))
        on_ready(self)
        seen.append((gc.isenabled(), len(frames)))

    monkeypatch.setattr(CatchballApp, "on_ready", ready)
    assert gc.isenabled()
    start_pause.pause_for_start()
    try:
        assert not gc.isenabled()
        app = CatchballApp(tmp_path / "sessions", live=new_live(), clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            paused, frames_before = seen[0]  # Textual's Ready comes as the first frame is written
            assert not paused and frames_before >= 1, "the collector ran before the first frame"
            assert seen[1][0] and gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        start_pause.end_start_pause()
        gc.unfreeze()

    importlib.import_module("catchball.cli.review")  # it holds its own name for run_app
    monkeypatch.setattr("catchball.cli.review.run_app", lambda args, **kw: seen.append(("run_app", gc.isenabled())))
    seen.clear()
    cli_main.main(["--sessions-dir", str(tmp_path / "empty"), "review"])
    assert seen == [("run_app", False)] and gc.isenabled()
    assert cli_main.main(["--sessions-dir", str(tmp_path / "empty"), "resume", "nothing-here"]) != 0
    assert gc.isenabled()
    cli_main.main(["--sessions-dir", str(tmp_path / "empty"), "list"])
    assert gc.isenabled()
    # `serve` runs a web server for as long as it is up, never an app of its own: no pause
    importlib.import_module("catchball.cli.join")
    monkeypatch.setattr("catchball.cli.join.cmd_serve", lambda args: seen.append(("serve", gc.isenabled())))
    seen.clear()
    cli_main.main(["--sessions-dir", str(tmp_path / "empty"), "serve"])
    assert seen == [("serve", True)]


def test_the_collectors_pause_ends_by_itself_when_no_first_frame_ends_it():
    import gc
    import time

    from catchball.tui import start_pause

    start_pause.pause_for_start(limit=0.05)
    try:
        assert not gc.isenabled()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.isenabled()
        assert start_pause.end_start_pause() is False  # already ended: nothing to do
    finally:
        start_pause.end_start_pause()
        gc.enable()
        gc.unfreeze()


async def test_a_participants_app_ends_the_collectors_pause_at_its_first_frame(new_live, clock):
    import gc

    from catchball.tui import start_pause
    from catchball.tui.participant_app import ParticipantApp

    start_pause.pause_for_start()
    try:
        live = new_live()
        app = ParticipantApp(live.folder, "Ben", code=room(live.folder), clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        start_pause.end_start_pause()
        gc.enable()
        gc.unfreeze()


async def test_a_session_screen_is_styled_once_before_its_first_frame(new_live, clock, tmp_path, monkeypatch):
    """Its widgets are styled as they mount; the resume that follows does not restyle them all
    again (Textual's default), while a later resume still does when Textual asks for it."""
    from textual import events
    from textual.css.stylesheet import Stylesheet

    frames = _count_frames(monkeypatch)
    restyled: list[tuple[int, int]] = []  # (nodes restyled at once, frames so far)
    update_nodes = Stylesheet.update_nodes

    def counted(self, nodes, animate=False):
        nodes = list(nodes)
        restyled.append((len(nodes), len(frames)))
        return update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    app = CatchballApp(tmp_path / "sessions", live=new_live(), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        widgets = len(list(screen.walk_children()))
        whole = widgets // 2  # a restyle of the screen's tree, not of a widget and its parts
        before_first = [n for n, seen in restyled if seen == 0]
        assert not [n for n in before_first if n >= whole], before_first
        restyled.clear()
        screen.post_message(events.ScreenResume(refresh_styles=True))
        await pilot.pause()
        assert [n for n, _ in restyled if n >= whole], restyled


def test_the_event_records_annotations_need_no_evaluating():
    """msgspec reads an event's fields from its annotations; as strings (`from __future__ import
    annotations`) each is compiled and evaluated at the first decode of a session's log."""
    from catchball.domain.events import EVENT_TYPES, EventBase

    for cls in (EventBase, *EVENT_TYPES.values()):
        strings = [name for name, hint in vars(cls).get("__annotations__", {}).items() if isinstance(hint, str)]
        assert not strings, (cls.__name__, strings)


def test_the_session_files_records_annotations_need_no_evaluating():
    """The same for the session file's records (session.toml), decoded as every session opens."""
    import msgspec

    from catchball.domain import agenda, model, record

    structs = [value for module in (model, agenda, record) for value in vars(module).values()
               if isinstance(value, type) and issubclass(value, msgspec.Struct) and value.__module__ == module.__name__]
    assert model.SessionFile in structs and model.Participant in structs
    for cls in structs:
        strings = [name for name, hint in vars(cls).get("__annotations__", {}).items() if isinstance(hint, str)]
        assert not strings, (cls.__name__, strings)


def _frames_of(monkeypatch) -> list[tuple[str, str, bool]]:
    """Every frame the app draws: its screen's class, the update's kind (a whole `LayoutUpdate`
    or the changed parts, a `ChopsUpdate`) and whether it was written (not held in a batch)."""
    frames: list[tuple[str, str, bool]] = []
    display = App._display

    def noted(self, screen, renderable):
        if renderable is not None:
            frames.append((type(screen).__name__, type(renderable).__name__, not self._batch_count))
        return display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", noted)
    return frames


@pytest.mark.parametrize("opened", ["session", "review", "new", "join", "join-ask"])
async def test_the_first_frame_written_is_the_opened_screens_whole_frame(new_live, clock, tmp_path, monkeypatch,
                                                                         opened):
    """The screen the command line opens is drawn whole in the first frame the terminal gets.

    It was pushed while the app mounted, so its first frame was drawn while Textual held back
    the start's repaints: that frame was never written, and the terminal showed the screen only
    with a later change (a resumed session's notes about 30 ms after they were drawn)."""
    from catchball.tui.participant_app import ParticipantApp
    from catchball.tui.screens.new_session_screen import NewSessionScreen

    frames = _frames_of(monkeypatch)
    if opened.startswith("join"):  # a participant's app: their screen, or first the join screen's questions
        folder = new_live().folder
        app = ParticipantApp(folder, "Ben", code=room(folder) if opened == "join" else None, clock=clock)
    else:
        kwargs = {"session": {"live": new_live()}, "review": {"start": ReviewScreen()},
                  "new": {"start": NewSessionScreen()}}[opened]
        app = CatchballApp(tmp_path / "sessions", clock=clock, **kwargs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown, stack = type(app.screen).__name__, len(app.screen_stack)
        # Textual reads no stylesheet of the first screen (its default screen): the app reads them
        assert all(app.stylesheet.has_source(str(path), "") for path in app.screen.css_path)
    assert frames and frames[0] == (shown, "LayoutUpdate", True), frames
    assert stack == 1  # the opened screen is the bottom one: leaving it leaves the app
