"""Bulk work without the cyclic garbage collector scanning the heap as it grows.

Parsing, validating and folding a long log allocates hundreds of thousands of objects that
all stay alive: each of the collector's full passes walks all of them, so with it running
the cost grows faster than the log (100,000 events took about twice as long). None of these
objects form cycles that need collecting, so the collector is paused for the duration and
resumed after (the next collection finds whatever garbage there is, as usual).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_paused_for_start = False


def pause_for_start() -> None:
    """An app command's start, up to its first frame, with the collector paused.

    Loading the app's modules and building its first screen allocate a few hundred thousand
    objects that stay alive, and the collector's passes over them cost a tenth of the time
    before the first frame. `end_start_pause` moves them out of its sight (`gc.freeze`) and
    turns it back on."""
    global _paused_for_start
    if gc.isenabled():
        gc.disable()
        _paused_for_start = True


def end_start_pause() -> None:
    """Once the first frame is on screen (or the command ended without one): the collector runs
    again, over what is made from now on. Does nothing when `pause_for_start` paused nothing."""
    global _paused_for_start
    if _paused_for_start:
        _paused_for_start = False
        gc.freeze()
        gc.enable()
