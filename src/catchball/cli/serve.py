"""`catchball serve`: the participant app (and the follower's mirror) on a web page, via textual-serve.

textual-serve runs one app process per browser connection and relays the terminal over a
websocket. `/` is the participant app (name and join code first), `/follow` the read-only
mirror of the shared screen. It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("catchball.serve")

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class RoomServer(Server):
    """textual-serve's server with a second page, `/follow`, running another command."""

    def __init__(self, command: str, follow_command: str, **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.follow_command = follow_command

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/follow", self.handle_follow_index, name="follow")
        app.router.add_get("/follow/ws", self.handle_follow_websocket, name="follow_websocket")
        return app

    async def handle_follow_index(self, request: web.Request) -> web.StreamResponse:
        import aiohttp_jinja2

        context = await Server.handle_index.__wrapped__(self, request)  # the page textual-serve builds
        path = request.app.router["follow_websocket"].url_for()
        context["app_websocket_url"] = context["app_websocket_url"].rsplit("/ws", 1)[0] + str(path)
        context["application"] = {"name": f"{self.title} (follow)"}
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_follow_websocket(self, request: web.Request) -> web.WebSocketResponse:
        return await self._relay(request, self.follow_command)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        return await self._relay(request, self.command)

    async def _relay(self, request: web.Request, command: str) -> web.WebSocketResponse:
        """textual-serve's websocket handler, for a given command."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = AppService(command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=websocket.close, download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken connection must not take the server down
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo here; catchball has printed the address and code already."""


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def public_address(host: str) -> str:
    """The address a browser uses: the host given, or this machine's own for a wildcard."""
    if host in ("0.0.0.0", "::", ""):
        try:
            return socket.gethostbyname(socket.gethostname())
        except OSError:
            return "127.0.0.1"
    return host


def serve(join: str, follow: str, *, host: str, port: int, code: str, title: str, folder: Path) -> int:
    from ..services.join_code import qr_text
    from ..store.room import clear_serving, write_serving

    address = public_address(host)
    shown = f"[{address}]" if ":" in address else address
    url = f"http://{shown}:{port}"
    server = RoomServer(join, follow, host=host, port=port, title=f"catchball · {title}", public_url=url)
    if host not in LOCAL_HOSTS:
        print(f"Listening on {host}: anyone on this room's network can reach this page (the join code keeps "
              "them from writing).")
    else:
        print("Listening on this machine only (127.0.0.1); --host 0.0.0.0 lets the room's network reach it.")
    print(f"Participants: {url}/   join code: {code}")
    print(f"Followers:    {url}/follow   (read-only)")
    qr = qr_text(url + "/")
    if qr:
        print(qr)
    sys.stdout.flush()
    write_serving(folder, url + "/", code)  # the facilitator's ctrl+p "Show how to join" reads it
    try:
        server.serve()
    except OSError as exc:
        print(f"catchball: cannot listen on {host}:{port} ({exc.strerror or exc}).", file=sys.stderr)
        return 1
    finally:
        clear_serving(folder)
    return 0
