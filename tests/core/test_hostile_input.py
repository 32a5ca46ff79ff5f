"""Hostile input, generated (issue 16, item 5).

tests/core/test_forged_everything.py tries every button and form with a fixed list of forged
ids; here hypothesis writes the input: every slash command and subcommand read off the
registry with generated text, every button read off the router with generated values, every
form with generated state values and `private_metadata`. The text is garbage, 4,000
characters, odd Unicode (RTL and zero-width marks, combining marks, NUL, astral characters,
fullwidth and Arabic-Indic digits), forged mentions and channel links, `<!channel>`, huge and
negative numbers, our own real ids and names, and the real ids of another workspace's rows.

For every example, whoever sends it:

* the HTTP answer is 200, never the internal-error apology, and somebody is told something;
* no ERROR line in the `socialops` logs, and the stand-in refused nothing the app sent;
* another workspace's rows never change;
* an answer that refuses (a usage text, "there is no …", a refusal, a form's inline error)
  wrote nothing but the bookkeeping of `hostile_app.BOOKKEEPING` (the refused attempt's own
  audit entry, its count, a form's once-only claim);
* a click whose value is not one of our ids, and a form whose metadata is not what the app
  wrote, write nothing but that bookkeeping, whatever the answer says.

The app is built once for the module; `HYPOTHESIS_PROFILE=soak` (benchmarks/hostile_soak.py)
runs the same properties with many more examples.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from bot.core.parsing import parse_id
from bot.devtools.slack.payloads import STATE_KEYS, build_state, iter_elements
from tests.conftest import ADMIN, ANA, APPROVALS, BEA, CARL, GENERAL, GUEST, TEAM
from tests.core.hostile_app import (
    BOOKKEEPING,
    OWN_CRISIS_CHANNEL,
    THEIR_CRISIS,
    THEIR_CRISIS_CHANNEL,
    Hostile,
    answered,
    changes,
    hostile_app,
    new_answers,
    refusal_bookkeeping_only,
    rows,
)
from tests.core.test_forged_everything import OTHER_TEAM, _is_own

# CI runs a few dozen examples per property (the file in well under a minute on SQLite); the
# soak profile multiplies them.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SCALE = int(os.environ.get("HOSTILE_SOAK_SCALE", "40")) if PROFILE == "soak" else 1
# No explain phase: it replays a failure hundreds of times through the whole app, minutes for
# a line of hints; the shrunk example and its blob are what a fix needs.
# CI draws the same examples every run (a red build is the code's, never the dice's); the soak
# explores afresh each time.
SOAK = PROFILE == "soak"
RUN = settings(deadline=None, print_blob=True, derandomize=not SOAK,
               database=settings.default.database if SOAK else None,
               phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
USERS = (ADMIN, ANA, BEA, CARL, GUEST)
# What Slack itself answers when an app sends something it would never accept.
SLACK_REFUSALS = ("invalid_blocks", "invalid_arguments", "no_text", "msg_too_long", "invalid_trigger_id",
                  "exchanged_trigger_id", "expired_trigger_id", "not_authed", "invalid_auth")

# U+0000 is generated too: handlers/kit.py drops it at the door (PostgreSQL cannot store it in
# text), and ids past PostgreSQL's INTEGER are refused by bot.core.parsing.parse_id like any other
# id that names no row (test_nul_is_not_an_internal_error, test_id_past_integer_is_not_an_internal_error).
NUL = "\x00"
CHARS = st.characters()
NUMBERS = st.integers(min_value=-(2**80), max_value=2**80)
ODD = (
    "\u200f", "\u202e", "\u200d", "\u200b", "\ufeff", "\u2028", "e\u0301\u0301\u0301", "\x01\x1f", NUL, "𝟙𝟚", "😀",
    "１２", "٣٤", "۷", "²", "①", "Ⅻ", "ﬁ", "\t", "\r\n", "İ", "ß",
)
MARKUP = (
    "<!channel>", "<!here>", "<!everyone>", "<!subteam^S0ADMINS>", "<https://evil.example|acme>",
    "<@U0BEA>", "<@U0ADMIN|admin>", "<@U2ANA>", "<@W0NOBODY>", "<@>", "<#C0APPROVALS|approvals>",
    "<#C2APPROVALS|x>", "<#C0NOPE>", "<#>", "@AcmeShop", "@acmeshop", "@nobody", "#general", "*bold*", "`x`",
)
WORDS = (
    "Acme", "instagram", "instagram:acme", "x", "editor", "analyst", "admin", "custodian", "approver", "sev1",
    "sev4", "7d", "12h", "0d", "999999d", "for", "to", "mailbox", "--shared-password", "2026-03-09", "2026-02-30",
    "10:00", "25:61", "followers", "fortnight", "2026-13", "en", "es", "all", "yes", "CRI-2026-0001", THEIR_CRISIS,
    "CRI-9999-99999", "timezone", "Europe/Madrid", "America", "__pycache__", "language", "approvals", "crisis",
    "digest", "1e300", "NaN", "-1", "0", "+1", "0x10", "1.5", "9" * 25, "-" + "9" * 40,
)


@pytest.fixture(scope="module")
def h(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Any, _pg_migrated: str | None) -> Iterator[Hostile]:
    with hostile_app(tmp_path_factory.mktemp("hostile"), _sqlite_template, _pg_migrated) as app:
        yield app


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def errors() -> Iterator[Collect]:
    """ERROR lines of every `socialops` logger (Bolt's goes through `socialops.bolt`)."""
    handler = Collect()
    logger = logging.getLogger("socialops")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


# ---- what the hostile sender types ---------------------------------------------------------

def atoms(h: Hostile) -> st.SearchStrategy[str]:
    foreign = [str(i) for i in h.world.foreign_ids] + [str(h.their_template)]
    own = [str(i) for i in sorted(h.world.own_ids)]
    every = st.one_of(
        st.text(CHARS, max_size=20),
        st.sampled_from(ODD), st.sampled_from(MARKUP), st.sampled_from(WORDS),
        NUMBERS.map(str),
        st.sampled_from(foreign), st.sampled_from(own),
        st.from_regex(r"<@U[A-Z0-9]{1,12}(\|[^>]{0,8})?>", fullmatch=True, alphabet=CHARS),
        st.from_regex(r"<#C[A-Z0-9]{1,12}(\|[^>]{0,8})?>", fullmatch=True, alphabet=CHARS),
        st.builds("".join, st.lists(st.sampled_from(ODD), min_size=1, max_size=6)),
    )
    return every


def long_text() -> st.SearchStrategy[str]:
    """About 4,000 characters: Slack's longest command text, and a long comment."""
    return st.builds(lambda piece, n: (piece * n)[:4000], st.sampled_from(["a", "é", "😀", "<!here> ", "9", "\u200f."]),
                     st.integers(min_value=3900, max_value=4000))


def hostile_text(h: Hostile) -> st.SearchStrategy[str]:
    words = st.lists(atoms(h), max_size=7).map(" ".join)
    return st.one_of(words, words, words, long_text(), st.tuples(words, long_text()).map(" ".join))


def subcommands(h: Hostile) -> list[tuple[str, str]]:
    """Every command and subcommand of the registry, and each command with no words at all."""
    out = []
    for cmd in h.rt.registry.commands.values():
        out.append((cmd.name, ""))
        out += [(cmd.name, " ".join(sub.words)) for sub in cmd.subcommands if sub.words]
    return sorted(set(out))


# ---- the properties ----------------------------------------------------------------------------

def judge(h: Hostile, errors: Collect, response: Any, user: str, before: Any, seen: tuple[Counter[str], int], what: str,
          *, forged: bool, team: str = TEAM) -> None:
    told_before, calls_before = seen
    answers = new_answers(h.slack, user, told_before)
    body = response.body or ""
    assert response.status == 200, (what, response.status, body[:300])
    assert not errors.records, (what, [r.getMessage() for r in errors.records])
    assert not any(h.answers.is_internal(t) for t in [*answers, body]), (what, answers)
    calls = h.slack.calls[calls_before:]
    rejected = [(c.method, c.error) for c in calls if c.error in SLACK_REFUSALS]
    assert not rejected, (what, rejected)
    assert answers or body.strip() or calls, f"{what}: nobody was told"
    found = changes(before, rows(h.rt))
    theirs = [c for c in found if c.team() not in (team, None)]
    assert not theirs, (what, "another workspace's rows changed", theirs[:3])
    refused = bool(inline_errors(response)) or any(h.answers.is_refusal(t) for t in answers)
    if currently_in_test_context():  # the statistics of a run (--hypothesis-show-statistics)
        event("refused" if refused else "forged" if forged else "result")
        event("wrote" if [c for c in found if c.table not in BOOKKEEPING] else "no write")
    if refused or forged:
        bad = refusal_bookkeeping_only(found, user, team)
        assert not bad, (what, "refused" if refused else "forged", answers[:2], bad[:3])


def inline_errors(response: Any) -> dict[str, str]:
    """A form's `response_action: errors`: what the modal shows under its inputs."""
    try:
        answer = json.loads(response.body) if response.body.strip() else None
    except ValueError:
        return {}
    if isinstance(answer, dict) and answer.get("response_action") == "errors":
        return dict(answer.get("errors") or {})
    return {}


def _close_views(h: Hostile, user: str) -> None:
    """A command that opens a form leaves it open; the next example starts with none."""
    for view in list(h.slack.views(user)):
        h.slack.close_view(user, view["id"])


CHANNELS = (GENERAL, APPROVALS, OWN_CRISIS_CHANNEL, THEIR_CRISIS_CHANNEL)
# Mostly ours; sometimes the request comes from the other workspace, where our rows are theirs
# (the deployment's admin is an admin there too).
TEAMS = st.sampled_from([TEAM, TEAM, TEAM, OTHER_TEAM])


@settings(RUN, max_examples=50 * SCALE)
@given(data=st.data())
def test_any_text_after_any_subcommand(h: Hostile, errors: Collect, data: Any) -> None:
    command, words = data.draw(st.sampled_from(subcommands(h)), label="subcommand")
    text = f"{words} {data.draw(hostile_text(h), label='text')}".strip()[:4000]
    user = data.draw(st.sampled_from(USERS), label="user")
    channel = data.draw(st.sampled_from(CHANNELS), label="channel")
    team = data.draw(TEAMS, label="team")
    errors.records.clear()
    before, seen = rows(h.rt), (answered(h.slack, user), len(h.slack.calls))
    response = h.driver.command(user, command, text, channel_id=channel, team_id=team)
    judge(h, errors, response, user, before, seen, f"{user}@{team} in {channel}: {command} {text[:80]!r}",
          forged=False, team=team)
    _close_views(h, user)


def button_value(h: Hostile) -> st.SearchStrategy[str]:
    part = atoms(h)
    return st.one_of(part, st.tuples(part, part).map(":".join), st.tuples(part, part, part).map(":".join),
                     long_text(), st.lists(part, max_size=4).map(json.dumps))


@settings(RUN, max_examples=50 * SCALE)
@given(data=st.data())
def test_any_value_on_any_button(h: Hostile, errors: Collect, data: Any) -> None:
    action_id = data.draw(st.sampled_from(h.world.action_ids), label="action_id")
    value = data.draw(button_value(h), label="value")
    user = data.draw(st.sampled_from(USERS), label="user")
    channel = data.draw(st.sampled_from(CHANNELS), label="channel")
    errors.records.clear()
    before, seen = rows(h.rt), (answered(h.slack, user), len(h.slack.calls))
    response = h.driver.forged_click(user, action_id, value, channel=channel)
    judge(h, errors, response, user, before, seen, f"{user} {action_id}={value[:80]!r}",
          forged=not _is_own(h.world, value))
    _close_views(h, user)


def element_value(h: Hostile, element: dict[str, Any]) -> st.SearchStrategy[Any]:
    """What a tampered client may put in one input's state, whatever the element offers."""
    key = STATE_KEYS[str(element.get("type"))][0]
    text = hostile_text(h)
    if key in ("selected_option",):
        offered = [o for o in element.get("options") or [] if isinstance(o, dict)]
        forged = text.map(lambda v: {"text": {"type": "plain_text", "text": "x"}, "value": v})
        return st.one_of(forged, st.sampled_from(offered)) if offered else forged
    if key == "selected_options":
        return st.lists(text.map(lambda v: {"text": {"type": "plain_text", "text": "x"}, "value": v}), max_size=3)
    if key in ("selected_users", "selected_conversations", "selected_channels"):
        return st.lists(atoms(h), max_size=3)
    if key == "selected_date_time":
        return st.integers(min_value=-(2**40), max_value=2**40)
    if key == "files":
        return st.just([])
    return st.one_of(text, st.just(""), atoms(h))


@settings(RUN, max_examples=30 * SCALE)
@given(data=st.data())
def test_any_state_and_metadata_on_any_form(h: Hostile, errors: Collect, data: Any) -> None:
    callback_id = data.draw(st.sampled_from(sorted(h.world.modals)), label="callback_id")
    modal = h.world.modals[callback_id]
    original = str(modal.get("private_metadata") or "")
    metadata = data.draw(st.one_of(st.just(original), forged_metadata(h, original)), label="metadata")
    values: dict[str, Any] = {}
    for block, element in iter_elements(modal.get("blocks", [])):
        if element.get("type") in STATE_KEYS and data.draw(st.booleans(), label="fill"):
            values[f"{block.get('block_id')}.{element.get('action_id')}"] = data.draw(element_value(h, element))
    user = data.draw(st.sampled_from(USERS), label="user")
    submit(h, errors, user, callback_id, metadata, values, team=data.draw(TEAMS, label="team"))


def submit(h: Hostile, errors: Collect, user: str, callback_id: str, metadata: str, values: dict[str, Any],
           team: str = TEAM) -> Any:
    """The form as the app opened it, with this metadata and these values, under a view id of its own."""
    modal = h.world.modals[callback_id]
    original = str(modal.get("private_metadata") or "")
    view = {**modal, "private_metadata": metadata, "id": f"VH{h.driver.fake.issue_trigger_id(user)[-10:]}"}
    payload = {"type": "view_submission", "trigger_id": h.driver.fake.issue_trigger_id(user),
               "view": {**view, "state": {"values": build_state(view["blocks"], values)}}, "response_urls": []}
    if team != TEAM:  # the payload's team wins over the driver's (our workspace)
        payload["team"] = {"id": team, "domain": "theirs"}
    errors.records.clear()
    before, seen = rows(h.rt), (answered(h.slack, user), len(h.slack.calls))
    response = h.driver._interaction(user, payload)
    # Sent from the other workspace, the app's own metadata names our rows: foreign to them.
    forged = (team != TEAM and bool(original)) or metadata_forged(h, original, metadata)
    judge(h, errors, response, user, before, seen,
          f"{user}@{team} {callback_id} {metadata[:60]!r} {str(values)[:200]}", forged=forged, team=team)
    _close_views(h, user)
    return response


def forged_metadata(h: Hostile, original: str) -> st.SearchStrategy[str]:
    """The app's own metadata with generated fields, and metadata that is not what it wrote at all."""
    try:
        parsed = json.loads(original) if original else None
    except ValueError:
        parsed = None
    guessed = ["id", "account_id", "request_id", "post_id", "crisis_id"]
    fields = list(parsed) if isinstance(parsed, dict) and parsed else guessed
    scalar = st.one_of(atoms(h), NUMBERS, st.floats(), st.none(),
                       st.booleans(), st.lists(st.integers(), max_size=2))
    edited = st.fixed_dictionaries({}, optional={k: scalar for k in fields}).map(
        lambda over: json.dumps({**(parsed if isinstance(parsed, dict) else {}), **over}, allow_nan=True))
    return st.one_of(edited, hostile_text(h), st.sampled_from(["", "null", "[]", "{", '{"id": 1e999}']),
                     ).filter(lambda m: m != original)


def metadata_forged(h: Hostile, original: str, metadata: str) -> bool:
    """True when the metadata says something the app did not write: a field changed to what is
    not one of our ids. A form that carries none ignores any (its values decide)."""
    if not original:
        return False
    try:
        wrote, sent = json.loads(original), json.loads(metadata)
    except ValueError:
        return True
    if not isinstance(wrote, dict) or not isinstance(sent, dict):
        return wrote != sent
    return any(k not in sent or (sent[k] != v and parse_id(sent[k]) not in h.world.own_ids) for k, v in wrote.items())


def test_every_command_form_and_button_is_drawn_from(h: Hostile) -> None:
    """The strategies read the registry and the router: nothing registered is left out."""
    assert {c for c, _ in subcommands(h)} == set(h.rt.registry.commands)
    assert set(h.world.modals) == set(h.rt.router.views)
    assert set(h.rt.router.actions) <= set(h.world.action_ids)
    assert OTHER_TEAM != TEAM and h.world.foreign_ids


# ---- defects the properties found, pinned -----------------------------------------------------

@pytest.mark.parametrize("days", ["²", "①", "٣٤٥", "9" * 5000])
def test_settings_form_refuses_digits_int_cannot_read(h: Hostile, errors: Collect, days: str) -> None:
    """`str.isdigit()` is true of "²" and "①", which int() refuses (an internal error, found on the
    review interval); Arabic-Indic digits int() reads, but the form's number is ASCII like every
    other; thousands of digits are past int()'s limit."""
    response = submit(h, errors, ADMIN, "socialops_setup", "", {"setup_review.value": days})
    assert "setup_review" in inline_errors(response)


@pytest.mark.parametrize("zone", ["America", "__pycache__", "a" * 300, "Etc/../UTC", "iso3166.tab"])
def test_time_zone_that_names_no_zone_file_is_refused(h: Hostile, errors: Collect, zone: str) -> None:
    """ZoneInfo() opens a file named after the text: a folder ("America") or 300 letters raised
    an OSError (an internal error) from the setup form and from `/socialops setup timezone`."""
    response = submit(h, errors, ADMIN, "socialops_setup", "", {"setup_timezone.value": zone})
    assert "setup_timezone" in inline_errors(response)
    seen, before = answered(h.slack, ADMIN), rows(h.rt)
    h.driver.command(ADMIN, "/socialops", f"setup timezone {zone}")
    assert any("time zone" in t for t in new_answers(h.slack, ADMIN, seen))
    assert not refusal_bookkeeping_only(changes(before, rows(h.rt)), ADMIN)


NUL_CASES = [
    (ANA, "/crisis", "note hello\x00 world", OWN_CRISIS_CHANNEL),
    (CARL, "/access", "request @AcmeShop analyst for 7d numbers\x00", GENERAL),
    (ANA, "/accounts", "show @Acme\x00Shop", GENERAL),
    (ANA, "/post", "new @AcmeShop 2026-03-09 10:00 Spring\x00 is here", GENERAL),
    (ANA, "/handover", f"start <@{BEA}> to <@{CARL}> leaving\x00", GENERAL),
]


@pytest.mark.parametrize(("user", "command", "text", "channel"), NUL_CASES)
def test_nul_is_not_an_internal_error(h: Hostile, errors: Collect, user: str, command: str, text: str,
                                      channel: str) -> None:
    """Found with generated text on PostgreSQL: "text fields cannot contain NUL (0x00) bytes",
    from a note, a request's reason, a handle looked up, a post's copy, a handover's reason."""
    errors.records.clear()
    before, seen = rows(h.rt), (answered(h.slack, user), len(h.slack.calls))
    response = h.driver.command(user, command, text, channel_id=channel)
    judge(h, errors, response, user, before, seen, f"{user} {command} {text!r}", forged=False)


@pytest.mark.parametrize("value", [str(2**31), str(2**63 - 1)])
def test_id_past_integer_is_not_an_internal_error(h: Hostile, errors: Collect, value: str) -> None:
    """Found on PostgreSQL with a generated Approve value, 2147483648: parse_id accepts up to
    2**63 - 1, every primary key is an INTEGER, and the lookup failed with "integer out of range"."""
    errors.records.clear()
    before, seen = rows(h.rt), (answered(h.slack, BEA), len(h.slack.calls))
    response = h.driver.forged_click(BEA, "access_approve", value, channel=APPROVALS)
    judge(h, errors, response, BEA, before, seen, f"access_approve={value}", forged=True)
