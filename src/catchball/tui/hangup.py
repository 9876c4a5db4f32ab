"""SIGTERM and SIGHUP end the app, also when it can no longer run its own event loop.

The usual way out is the app's own: the signal's handler asks the event loop to close the
session and leave (`on_signal`, called in the loop). But an app whose terminal is gone can be
stuck outside its loop: Textual writes the screen through a bounded queue that a thread
empties into the terminal, and with the terminal gone (tmux closing the pane, an ssh session
dropped) the main thread can end up waiting on that queue for good. Then a handler that runs
in the loop never runs, and `kill` did nothing (issue 18).

So the signal also reaches a watchdog thread, through the wakeup file descriptor that
Python's C-level signal handler writes each signal's number to, whichever thread the kernel
delivered it to: if the process is still here `GRACE_SECONDS` after a SIGTERM or a SIGHUP,
the watchdog releases the session (`release`: every event is already on disk) and ends the
process with the signal's conventional status, 128 + its number.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable

GRACE_SECONDS = 5.0
_NAMES = ("SIGTERM", "SIGHUP")


class _Watch:
    def __init__(self) -> None:
        self.on_signal: Callable[[int], None] | None = None
        self.release: Callable[[], None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.previous: dict[int, object] = {}
        self.previous_fd = -1
        self.pipe: tuple[int, int] | None = None


_watch = _Watch()


def watch(on_signal: Callable[[int], None], release: Callable[[], None]) -> bool:
    """From the main thread, in the running loop: `on_signal(number)` runs in the loop on a
    SIGTERM or SIGHUP, and `release()` in the watchdog if the process outlives the grace period.
    False (nothing installed) without Unix signals or outside the main thread."""
    numbers = [getattr(signal, name) for name in _NAMES if hasattr(signal, name)]
    if not numbers or threading.current_thread() is not threading.main_thread():
        return False
    if _watch.pipe is None:
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        _watch.pipe = (read_end, write_end)
        threading.Thread(target=_watchdog, args=(read_end, {int(n) for n in numbers}), daemon=True,
                         name="catchball-signals").start()
    try:
        previous_fd = signal.set_wakeup_fd(_watch.pipe[1], warn_on_full_buffer=False)
    except ValueError:
        return False
    if _watch.on_signal is None:  # a second app in the same process keeps the first one's saved state
        _watch.previous_fd = previous_fd
        _watch.previous = {int(n): signal.getsignal(n) for n in numbers}
    _watch.on_signal, _watch.release, _watch.loop = on_signal, release, asyncio.get_running_loop()
    for number in numbers:
        signal.signal(number, _handler)
    return True


def unwatch() -> None:
    """The app is leaving: the handlers and the wakeup descriptor are what they were before."""
    if _watch.on_signal is None or threading.current_thread() is not threading.main_thread():
        return
    for number, handler in _watch.previous.items():
        signal.signal(number, handler if handler is not None else signal.SIG_DFL)
    signal.set_wakeup_fd(_watch.previous_fd)
    _watch.on_signal = _watch.release = _watch.loop = None


def _handler(number: int, frame: object) -> None:
    """Runs in the main thread between two bytecodes: hand the signal to the loop."""
    loop, on_signal = _watch.loop, _watch.on_signal
    if loop is not None and on_signal is not None and not loop.is_closed():
        loop.call_soon_threadsafe(on_signal, number)


def _watchdog(read_end: int, wanted: set[int]) -> None:
    while True:
        try:
            data = os.read(read_end, 64)
        except OSError:
            return
        if not data:
            return
        number = next((n for n in data if n in wanted), None)
        if number is None or _watch.on_signal is None:  # another signal (a resize), or no app running
            continue
        threading.Event().wait(GRACE_SECONDS)  # the app's own way out had its chance
        if _watch.on_signal is None:  # it took it (the process may go on, as a test run does)
            continue
        try:
            if _watch.release is not None:
                _watch.release()
        finally:
            os._exit(128 + number)
