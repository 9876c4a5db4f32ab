"""The figures that need the app running: key latency and the timer after a blocked loop.

Both run `CatchballApp` under `App.run_test` (headless) and take their timestamps inside
the app; the pilot is only used to wait, never to time.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from time import perf_counter

import _fixtures as fx
from rich.cells import cell_len
from textual import events
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.keys import _character_to_key

from catchball.domain.timer import clock as timer_clock
from catchball.store.live import LiveSession
from catchball.tui.app import CatchballApp
from catchball.tui.clock import FakeClock, RoomClock

SIZE = (120, 40)


class _Frames:
    """Every frame the app puts out: when it was done, and a shadow screen to tell which
    frames changed what is visible (a repaint of identical cells is not the key's result)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.updates: list[object] = []
        self.visible: list[bool] = []  # filled by `catch_up`, outside the timed path
        self.cells: dict[tuple[int, int], tuple] = {}

    def __len__(self) -> int:
        return len(self.times)

    def catch_up(self) -> None:
        for update in self.updates[len(self.visible):]:
            self.visible.append(self._apply(update))

    def _put(self, y: int, x: int, strip, lo: int = 0, hi: int = 1 << 30) -> bool:
        changed = False
        for segment in strip:
            if segment.control:
                continue
            for char in segment.text:
                if lo <= x < hi:
                    cell = (char, segment.style)
                    if self.cells.get((x, y)) != cell:
                        self.cells[(x, y)] = cell
                        changed = True
                x += cell_len(char)
        return changed

    def _apply(self, update) -> bool:
        changed = False
        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    changed |= self._put(y, x, strip)
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items()):
                    if strip is not None and not (x > x2 or end <= x1):
                        changed |= self._put(y, x, strip, x1, x2 + 1)
        else:
            changed = True
        return changed


def _instrument(app: CatchballApp, frames: _Frames) -> None:
    """Timestamp the end of every frame the app puts out.

    `App._display` is where a screen's compositor update is turned into terminal output.
    Headless, Textual skips that conversion, so it is done here too (`render_segments`,
    then dropped) to keep the cost a real terminal pays; the timestamp is taken after it.
    """
    original = app._display

    def display(screen, renderable) -> None:
        if renderable is not None and app.is_headless and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        original(screen, renderable)
        if renderable is not None:
            frames.times.append(perf_counter())
            frames.updates.append(renderable)

    app._display = display  # type: ignore[method-assign]


def _key(char: str) -> events.Key:
    """The event a terminal driver makes for this character (as `Pilot.press` builds it)."""
    if char == "\n":
        return events.Key("enter", "\r")
    return events.Key(char if char.isalnum() else _character_to_key(char), char)


async def _settle(frames: _Frames, before: int, gap: float = 0.06, quiet: float = 0.04) -> None:
    """Wait (only wait: no `Pilot.pause`, which forces a frame of its own) for the key's frames:
    at least `gap` (a fast typist's pace), then until no frame came for `quiet` seconds."""
    await asyncio.sleep(gap)
    deadline = perf_counter() + 5
    while perf_counter() < deadline:
        if len(frames) > before and perf_counter() - frames.times[-1] >= quiet:
            return
        await asyncio.sleep(0.01)


async def _key_run(sessions_dir: Path, notes: int, lines: list[str]) -> dict[str, list[float]]:
    folder = fx.write_session(sessions_dir, fx.notes_in_catchball(notes), "keys")
    live = LiveSession.open(folder)
    assert len(live.state.phase_notes()) == notes
    clock = FakeClock(fx.START)  # a still clock: the 0.25 s tick repaints nothing, so every frame is the key's
    app = CatchballApp(sessions_dir, live=live, clock=clock)
    frames = _Frames()
    out: dict[str, list[float]] = {"type": [], "enter": [], "any_frame": [], "first_frame": []}
    async with app.run_test(size=SIZE) as pilot:
        _instrument(app, frames)
        await pilot.pause()
        field = app.screen.query_one("#capture-input")
        field.cursor_blink = False  # the blink repaints every 0.5 s; it is not the key's work
        await asyncio.sleep(0.3)
        idle = len(frames)
        await asyncio.sleep(0.5)
        if len(frames) != idle:
            raise RuntimeError("the app paints while idle: frames could not be told apart per key")
        for line in lines:
            for char in line + "\n":
                assert app.focused is field, app.focused
                before = len(frames)
                event = _key(char)
                event.set_sender(app)
                t0 = perf_counter()
                app._driver.send_message(event)  # what the terminal driver does with a key
                await _settle(frames, before)
                frames.catch_up()
                times = frames.times[before:]
                shown = [t for t, seen in zip(times, frames.visible[before:]) if seen] or times
                out["enter" if char == "\n" else "type"].append(shown[-1] - t0)
                out["any_frame"].append(times[-1] - t0)
                out["first_frame"].append(times[0] - t0)
        recorded = len(live.state.phase_notes())
        assert recorded == notes + len(lines), (recorded, notes, len(lines))
        app.action_save_quit()
    return out


def key_latency(root: Path, notes: int, lines: int, repeats: int) -> dict:
    """Key press (handed to the app as its terminal driver does) to the end of the last frame
    that changed what is on screen, typing then Enter, with `notes` contributions in the phase's
    log. p95 over all keys of a repeat, median of repeats."""
    text = ["We could ship the carousel to regulars first", "Who owns the catalogue clean-up?",
            "Risk: the legal review of e-mails", "Say second book instead"]
    sample = [text[i % len(text)] for i in range(lines)]
    from _measure import median, p

    p95s, typing, enters, anyf, first = [], [], [], [], []
    for r in range(repeats):
        sessions = Path(tempfile.mkdtemp(prefix="keys-", dir=root))
        got = asyncio.run(_key_run(sessions, notes, sample))
        every = got["type"] + got["enter"]
        p95s.append(p(every, 0.95))
        typing.append(median(got["type"]))
        enters.append(median(got["enter"]))
        anyf.append(p(got["any_frame"], 0.95))
        first.append(p(got["first_frame"], 0.95))
    return {"key_p95_ms": median(p95s) * 1e3, "key_p50_type_ms": median(typing) * 1e3,
            "key_p50_enter_ms": median(enters) * 1e3, "key_p95_first_frame_ms": median(first) * 1e3,
            "key_p95_any_frame_ms": median(anyf) * 1e3, "_keys_per_repeat": len(every)}


class _LoggingClock(RoomClock):
    """The real RoomClock, noting the monotonic time at which it produced each reading."""

    def __init__(self) -> None:
        super().__init__()
        self.readings: dict = {}

    def now(self):
        value = super().now()
        self.readings[value] = time.monotonic()
        return value


async def _timer_run(sessions_dir: Path, block: float, blocks: int) -> dict:
    from catchball.tui.widgets.timer_panel import TimerPanel

    clock = _LoggingClock()
    file = fx.session_file("timer", clock.now())
    live = LiveSession.create(sessions_dir, file, clock.now())
    start_mono = clock.readings[max(clock.readings)]  # the reading that stamped session_started
    app = CatchballApp(sessions_dir, live=live, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await asyncio.sleep(0.3)
        for _ in range(blocks):
            app.call_later(lambda: time.sleep(block))  # a handler that blocks the event loop
            await asyncio.sleep(block + 0.3)
        panel = app.screen.query_one(TimerPanel)
        errors, stale, digits_ok = [], [], True
        for _ in range(6):  # the next few ticks after the stalls
            await asyncio.sleep(0.25)
            shown_at = clock.readings[panel.now]
            true_elapsed = shown_at - start_mono
            view = panel.view()
            errors.append(abs(view.elapsed - true_elapsed))
            stale.append(time.monotonic() - shown_at)
            shown = str(app.screen.query_one("#timer-digits").value)
            expected = {timer_clock(max(0.0, view.planned - t), ceil=True) for t in (true_elapsed - 0.05,
                                                                                     true_elapsed + 0.05)}
            digits_ok &= shown in expected
        total = time.monotonic() - start_mono
        app.action_save_quit()
    return {"error": max(errors), "stale": max(stale), "digits_ok": digits_ok, "total": total}


def timer(root: Path, block: float, blocks: int, repeats: int) -> dict:
    """The timer with a real RoomClock after the loop was blocked `blocks` times for `block` s:
    |elapsed the panel computed for its last repaint - true monotonic elapsed at that repaint|,
    worst of six ticks after the stalls, median of repeats."""
    from _measure import median

    errors, stale, ok, totals = [], [], True, []
    for r in range(repeats):
        sessions = Path(tempfile.mkdtemp(prefix="timer-", dir=root))
        got = asyncio.run(_timer_run(sessions, block, blocks))
        errors.append(got["error"])
        stale.append(got["stale"])
        totals.append(got["total"])
        ok &= got["digits_ok"]
    return {"timer_error_ms": median(errors) * 1e3, "timer_staleness_ms": median(stale) * 1e3,
            "_timer_digits_match": ok, "_timer_session_s": median(totals)}
