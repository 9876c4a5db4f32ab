"""How a fold's handlers are registered: one table per module (`handlers`, `handlers_checkin`),
each handler put in it by `@on(TheEventType)` where `on = registrar(TABLE)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import events as ev
from .state import State

Handler = Callable[[State, Any], None]
HandlerTable = dict[type[ev.EventBase], Handler]


def registrar(table: HandlerTable) -> Callable[[type[ev.EventBase]], Callable[[Handler], Handler]]:
    """The decorator that puts a handler for an event type in `table`."""
    def on(event_type: type[ev.EventBase]) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            table[event_type] = handler
            return handler
        return register
    return on
