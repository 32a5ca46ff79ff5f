"""HTTP mode: Bolt's WSGI adapter at /slack/events plus /healthz and /readyz, under waitress."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers.runtime import Runtime

StartResponse = Callable[..., Any]


def wsgi_app(rt: Runtime) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(rt.app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if path == "/readyz":
            ready = rt.ctx.db.ping()
            start_response("200 OK" if ready else "503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"ready" if ready else b"database unreachable"]
        result: Iterable[bytes] = slack(environ, start_response)
        return result

    return application


def make_server(rt: Runtime, host: str = "0.0.0.0", port: int = 3000, threads: int = 8) -> Any:  # noqa: S104
    """A waitress server (call .run(), stop with .close()); port 0 picks a free one."""
    from waitress.server import create_server

    return create_server(wsgi_app(rt), host=host, port=port, threads=threads, ident="socialops")
