"""An app command's start, up to its first frame, with the cyclic garbage collector paused.

Loading the app's modules and building its first screen allocate a few hundred thousand
objects that all stay alive, and the collector's passes over them were a tenth of the time
before the first frame. The command line pauses it (`pause_for_start`) before it imports
Textual; the app's first frame ends the pause (`end_start_pause`): what was made is moved out
of the collector's sight (`gc.freeze`) and the collector runs again over what is made from
then on. So that no process is ever left without it, the pause also ends by itself after
`LIMIT` seconds (an app that never shows a frame, a command that runs something else), and
when the command returns.

This module imports nothing of Textual's: the command line loads it before Textual.
"""

from __future__ import annotations

import gc
import threading

LIMIT = 10.0  # seconds at the most

_lock = threading.Lock()
_paused = False


def pause_for_start(limit: float = LIMIT) -> None:
    global _paused
    with _lock:
        if _paused or not gc.isenabled():
            return
        gc.disable()
        _paused = True
    backstop = threading.Timer(limit, end_start_pause)
    backstop.daemon = True
    backstop.start()


def end_start_pause() -> bool:
    """End the pause, once (later calls, and calls without a pause, do nothing). True if it ended it."""
    global _paused
    with _lock:
        if not _paused:
            return False
        _paused = False
        gc.freeze()
        gc.enable()
        return True
