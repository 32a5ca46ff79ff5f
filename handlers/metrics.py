"""Prometheus metrics of the process (issue 15), and `/metrics` on the HTTP server.

Skeleton: filled by the metrics work. `serve(rt, environ, start_response)` answers GET /metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from handlers.runtime import Runtime

StartResponse = Callable[..., Any]


def serve(rt: Runtime, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    body = b"not found"
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
