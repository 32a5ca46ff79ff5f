"""Prometheus metrics of the process (issue 15), and `/metrics` on the HTTP server.

What is measured, and where:

* `socialops_request_seconds{kind,listener}`: arrival to ack of every request Bolt dispatched,
  fed by the request log's wrapper of `App.dispatch` (`handlers.kit.install_request_log`).
* `socialops_slack_api_calls_total{method,outcome}` and `socialops_slack_rate_limited_total{method}`:
  every HTTP attempt of every client `handlers.outbound.make_client` builds, the SDK's retries
  included (`KeepAliveWebClient`).
* `socialops_deliveries{kind,state}`, `socialops_open_crises{severity}`, `socialops_open_pages`:
  read from the database at scrape time (`DatabaseCollector`). The scheduler may run in another
  process or on another replica; the rows are the only place that knows, for every workspace.

One registry per process (`PROCESS`), as Prometheus expects of a scraped process: the Web API
counters are fed by clients that know of no `Runtime` (the scheduler's, each OAuth workspace's),
and the counters of a process are the process's whatever Runtime serves them. Tests read a
value before and after (`sample`). The database collector is not in it: it is bound to the
serving Runtime's database and clock and joined to `PROCESS` for each scrape only.

Label values come from fixed sets or from what the app registered (its commands, its router's
ids, the features' delivery kinds): whatever a request or a response names that is not known
is counted under `other` / `error`, so nobody can mint new series by sending strings.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, PlatformCollector, ProcessCollector
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import case, func, or_, select

from bot.core.context import AppContext
from bot.jobs.service import LATE_AFTER
from handlers.commands import Registry
from handlers.router import Router
from storage.models import SEVERITIES, Crisis, CrisisPage, Delivery

log = logging.getLogger("socialops.metrics")

StartResponse = Callable[..., Any]

OTHER = "other"
# Slack's acks are due within 3 s; ours take milliseconds. Fine steps below 100 ms, where a
# regression shows first, and 3 s itself: past it Slack has already shown the user an error.
REQUEST_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0)

PROCESS = CollectorRegistry()
ProcessCollector(registry=PROCESS)
PlatformCollector(registry=PROCESS)

REQUESTS = Histogram(
    "socialops_request_seconds", "Time from a Slack request's arrival to its ack.",
    ("kind", "listener"), buckets=REQUEST_BUCKETS, registry=PROCESS,
)
API_CALLS = Counter(
    "socialops_slack_api_calls", "Slack Web API HTTP attempts (the SDK's retries included), by outcome.",
    ("method", "outcome"), registry=PROCESS,
)
RATE_LIMITED = Counter(
    "socialops_slack_rate_limited", "Slack Web API attempts answered 429 (rate limited).",
    ("method",), registry=PROCESS,
)

# Slack's payload `type` → the `kind` label (commands have no type: "command").
_KINDS = {
    "block_actions": "action", "view_submission": "view", "view_closed": "view_closed",
    "event_callback": "event", "shortcut": "shortcut", "message_action": "shortcut",
    "block_suggestion": "options",
}
# What a listener label may look like at all (ids, event types, "/cmd sub words").
_LABEL = re.compile(r"[A-Za-z0-9_./:* -]{1,80}")
# A registered action id pattern's regex syntax, dropped from its label (`^handover_all:` → `handover_all:*`).
_PATTERN_JUNK = re.compile(r"[^A-Za-z0-9_.:-]")

# The Slack error codes the app meets or acts upon (outbound's permanent ones, the retried ones,
# the token and channel-creation ones); any other code is counted as "error".
KNOWN_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_not_visible",
    "users_not_found", "cannot_dm_bot", "invalid_auth", "not_authed", "account_inactive",
    "token_revoked", "token_expired", "missing_scope", "invalid_blocks", "invalid_arguments",
    "msg_too_long", "no_text", "restricted_action", "channel_is_archived", "message_not_found",
    "ratelimited", "name_taken", "already_in_channel", "cant_invite_self", "invalid_name",
    "fatal_error", "internal_error", "service_unavailable", "request_timeout", "not_found",
    "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id", "view_too_large",
    "duplicate_external_id", "team_access_not_granted", "ekm_access_denied", "invalid_refresh_token",
    "invalid_client_id", "bad_client_secret", "invalid_code", "file_not_found", "user_is_restricted",
})
DELIVERY_STATES = ("due", "late", "failed", "dead")


# ---- the request histogram ---------------------------------------------------------------


class Served(Protocol):
    """What the metrics read of the app: a Protocol rather than `handlers.runtime.Runtime`,
    which imports `handlers.outbound`, which imports the counters here."""

    ctx: AppContext
    registry: Registry
    router: Router


def _known(label: str) -> str:
    return label if _LABEL.fullmatch(label) else OTHER


def request_labels(rt: Served, body: dict[str, Any], name: str, outcome: str) -> tuple[str, str]:
    """(kind, listener) of a dispatched request; `name` and `outcome` are the request log's."""
    if "command" in body:
        cmd = rt.registry.commands.get(str(body["command"]))
        if cmd is None:
            return "command", OTHER
        # Plain whitespace words, not the listener's shell-like split: a label needs no quotes.
        sub, _ = cmd.route(str(body.get("text") or "").split(maxsplit=4))
        return "command", " ".join((cmd.name, *sub.words)) if sub is not None else cmd.name
    kind = _KINDS.get(str(body.get("type")), OTHER)
    if kind == "action":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
        action_id = str(first.get("action_id", ""))
        if action_id in rt.router.actions:
            return kind, _known(action_id)
        pattern = next((p for p, _ in rt.router.action_patterns if p.search(action_id)), None)
        # An id that carries a value (`handover_all:<kind>`): the registered prefix, not the value.
        return kind, OTHER if pattern is None else _known(_PATTERN_JUNK.sub("", pattern.pattern) + "*")
    if kind in ("view", "view_closed"):
        return kind, _known(name) if name in rt.router.views else OTHER
    # Events and shortcuts have Bolt listeners of their own: a name no listener took is answered
    # 404 ("unhandled"), a replayed or duplicate copy before any listener ran, and "error" may be
    # a middleware failing before any listener was chosen. Only an "ok" names what a listener took.
    return kind, _known(name) if kind != OTHER and outcome == "ok" else OTHER


def observe_request(rt: Served, body: dict[str, Any], name: str, outcome: str, seconds: float) -> None:
    kind, listener = request_labels(rt, body, name, outcome)
    REQUESTS.labels(kind, listener).observe(seconds)


# ---- Slack Web API calls -----------------------------------------------------------------


def api_method(url: str, base_url: str) -> str:
    """The Web API method a request URL names ("chat.postMessage"); our own code picks it."""
    path = url[len(base_url):] if url.startswith(base_url) else url.rsplit("/", 1)[-1]
    method = path.split("?", 1)[0].strip("/")
    return method if _LABEL.fullmatch(method) else OTHER


def count_response(method: str, body: Any) -> None:
    """A 2xx attempt: `ok`, or the error code Slack put in the body (known codes only)."""
    if not isinstance(body, dict) or body.get("ok", True):
        API_CALLS.labels(method, "ok").inc()
        return
    error = str(body.get("error") or "")
    API_CALLS.labels(method, error if error in KNOWN_ERRORS else "error").inc()


def count_http_error(method: str, status: int) -> None:
    """An attempt answered with a non-2xx status."""
    if status == 429:
        RATE_LIMITED.labels(method).inc()
        outcome = "ratelimited"
    else:
        outcome = "http_5xx" if status >= 500 else "error"
    API_CALLS.labels(method, outcome).inc()


def count_connection_error(method: str) -> None:
    """An attempt that got no HTTP answer at all (refused, reset, timed out, TLS)."""
    API_CALLS.labels(method, "connection").inc()


# ---- the database, at scrape time ----------------------------------------------------------


class DatabaseCollector(Collector):
    """The scheduled deliveries, open crises and unacked pages of every workspace, now.

    Three GROUP BY queries in one read-only unit of work; no team ids in the labels (this is
    the operator's view). Every known kind and severity is reported, zero included, so a
    series does not vanish when its count drops to nothing.
    """

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def collect(self) -> Iterator[Metric]:
        deliveries = GaugeMetricFamily(
            "socialops_deliveries",
            "Scheduled deliveries: due (pending, due now; late ones included), late (pending, due "
            "more than 5 minutes ago), failed (a permanent error), dead (dead-lettered).",
            labels=("kind", "state"))
        crises = GaugeMetricFamily("socialops_open_crises", "Crises not resolved.", labels=("severity",))
        pages = GaugeMetricFamily("socialops_open_pages", "Crisis pages not acknowledged yet.")
        up = GaugeMetricFamily("socialops_metrics_database_up", "1 when the scrape could read the database.")
        try:
            by_kind, by_severity, open_pages = self._read(self.ctx.clock())
        except Exception as exc:
            # The process's own metrics are still worth serving; the gauge says the rest is missing.
            log.warning("metrics: database not readable", extra={"error": type(exc).__name__})
            up.add_metric((), 0)
            yield up
            return
        for kind, counts in sorted(by_kind.items()):
            for state, n in zip(DELIVERY_STATES, counts, strict=True):
                deliveries.add_metric((kind, state), n)
        for severity, n in sorted(by_severity.items()):
            crises.add_metric((severity,), n)
        pages.add_metric((), open_pages)
        up.add_metric((), 1)
        yield from (deliveries, crises, pages, up)

    def _read(self, now: datetime) -> tuple[dict[str, list[int]], dict[str, int], int]:
        known = set(self.ctx.registries.renderers)
        by_kind = {kind: [0, 0, 0, 0] for kind in known}
        by_severity = dict.fromkeys(SEVERITIES, 0)
        pending = Delivery.state == "pending"
        failed_or_dead = Delivery.state.in_(("failed", "dead"))

        def tally(cond: Any) -> Any:
            return func.sum(case((cond, 1), else_=0))

        # One walk of the (state, due_at) index: the due pending rows, plus the failed and dead.
        query = (
            select(Delivery.kind, tally(pending), tally(pending & (Delivery.due_at < now - LATE_AFTER)),
                   tally(Delivery.state == "failed"), tally(Delivery.state == "dead"))
            .where(or_(pending & (Delivery.due_at <= now), failed_or_dead))
            .group_by(Delivery.kind)
        )
        with self.ctx.db.uow(read_only=True) as session:
            for kind, *counts in session.execute(query).tuples():
                row = by_kind.setdefault(kind if kind in known else OTHER, [0, 0, 0, 0])
                for i, n in enumerate(counts):
                    row[i] += int(n)
            for severity, n in session.execute(
                    select(Crisis.severity, func.count()).where(Crisis.status == "open")
                    .group_by(Crisis.severity)).tuples():
                key = severity if severity in by_severity else OTHER
                by_severity[key] = by_severity.get(key, 0) + int(n)
            open_pages = int(session.scalar(
                select(func.count()).select_from(CrisisPage).where(CrisisPage.state == "open")) or 0)
        return by_kind, by_severity, open_pages


class _Scrape(Collector):
    """The process's registry and the serving app's database, as one exposition."""

    def __init__(self, *parts: Collector) -> None:
        self.parts = parts

    def collect(self) -> Iterator[Metric]:
        for part in self.parts:
            yield from part.collect()


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    """The current value of one of the process's series (0 when it has none yet): for tests
    and benchmarks that compare before and after."""
    return PROCESS.get_sample_value(name, labels or {}) or 0.0


# ---- GET /metrics ----------------------------------------------------------------------


def _answer(start_response: StartResponse, status: str, body: bytes,
            headers: Iterable[tuple[str, str]] = ()) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                            *headers])
    return [body]


def authorized(environ: dict[str, Any], token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time (the scheme is case-insensitive)."""
    scheme, _, given = str(environ.get("HTTP_AUTHORIZATION") or "").partition(" ")
    # Compared even when the scheme is wrong, so the time taken says nothing about which part was.
    same = hmac.compare_digest(given.strip().encode(), token.encode())
    return scheme.lower() == "bearer" and same


def serve(rt: Served, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    secret = rt.ctx.settings.socialops_metrics_token
    if secret is None:  # off: nothing to say that /metrics exists
        return _answer(start_response, "404 Not Found", b"not found")
    if environ.get("REQUEST_METHOD") != "GET":
        return _answer(start_response, "405 Method Not Allowed", b"GET only", [("Allow", "GET")])
    if not authorized(environ, secret.get_secret_value()):
        log.warning("metrics scrape refused", extra={"remote": environ.get("REMOTE_ADDR", "")})
        return _answer(start_response, "401 Unauthorized", b"unauthorized",
                       [("WWW-Authenticate", 'Bearer realm="socialops-metrics"')])
    body = generate_latest(_Scrape(PROCESS, DatabaseCollector(rt.ctx)))
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body))),
                              ("Cache-Control", "no-store")])
    return [body]
