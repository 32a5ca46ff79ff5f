from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.access.guides import PLATFORMS, grant_guide, network_role, revoke_guide
from bot.access.parse import (
    RequestDraft,
    parse_commitment,
    parse_grant_id,
    parse_list_target,
    parse_request,
    parse_request_id,
)
from bot.core.errors import UsageError
from storage.models import ACCESS_ROLES, NETWORKS


def test_full_request() -> None:
    draft = parse_request("@acme editor for 7d launch of the spring campaign")
    assert draft == RequestDraft("@acme", "editor", timedelta(days=7), False, "launch of the spring campaign")


def test_defaults_and_flag_anywhere() -> None:
    draft = parse_request("instagram:acme analyst monthly report --shared-password")
    assert draft.duration is None and draft.shared_password and draft.reason == "monthly report"
    assert parse_request("acme admin —shared-password for 12h cover").shared_password  # autocorrected dashes
    assert parse_request("acme admin shared-password for 2w cover").duration == timedelta(weeks=2)
    # a bare "shared-password" inside the reason is just a word
    assert not parse_request("acme admin we discussed shared-password risks").shared_password


def test_for_starting_a_reason_is_not_a_duration() -> None:
    draft = parse_request("acme editor for the summer campaign")
    assert draft.duration is None and draft.reason == "for the summer campaign"


def test_spanish_role_names() -> None:
    assert parse_request("acme moderador por 3d atención al cliente").role == "moderator"
    assert parse_request("acme analista informe").role == "analyst"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "access.error.missing_account"),
        ("@acme", "access.error.bad_role"),
        ("@acme owner because", "access.error.bad_role"),
        ("@acme editor for 7x launch", "access.error.bad_duration"),
        ("@acme editor for 0d launch", "access.error.bad_duration"),
        ("@acme editor for 7d for 2d launch", "access.error.two_durations"),
        ("@acme editor for 7d launch for 2d", "access.error.two_durations"),
        ("@acme editor " + "x" * 1600, "access.error.reason_too_long"),
    ],
)
def test_bad_requests(text: str, key: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_request(text)
    assert err.value.key == key and err.value.usage_key == "usage.access.request"


@pytest.mark.parametrize("text", ["@acme editor", "@acme editor for 7d", "@acme editor --shared-password"])
def test_a_missing_reason_is_left_to_the_rules(text: str) -> None:
    # The rules check the account first, then say the reason is missing (test_access_requests).
    assert parse_request(text).reason == ""


@pytest.mark.parametrize("text", [
    "acme editor for -3d launch", "acme editor for +3d launch", "acme editor for 1.5d launch",
    "acme editor for ²d launch", "acme editor durante -2w lanzamiento", "acme editor por ①d lanzamiento",
    "acme editor for 3 days launch", "acme editor for –3d launch", "acme editor launch campaign for -7d",
    "acme editor launch for 1,5d campaign", "acme editor for 99999d launch",
])
def test_a_for_followed_by_a_number_must_be_a_valid_duration(text: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_request(text)
    assert err.value.key == "access.error.bad_duration" and err.value.usage_key == "usage.access.request"


@pytest.mark.parametrize(("text", "duration", "reason"), [
    ("acme editor launch campaign for 7d", timedelta(days=7), "launch campaign"),
    ("acme editor launch campaign por 12h", timedelta(hours=12), "launch campaign"),
    ("acme editor lanzamiento durante 2W", timedelta(weeks=2), "lanzamiento"),
    ("acme editor launch for 3d --shared-password", timedelta(days=3), "launch"),
    ("acme editor launch for 3d then review", timedelta(days=3), "launch then review"),
    ("acme editor por favor lo necesito", None, "por favor lo necesito"),
])
def test_a_duration_after_the_reason_is_honoured(text: str, duration: timedelta | None, reason: str) -> None:
    draft = parse_request(text)
    assert (draft.duration, draft.reason) == (duration, reason)


@given(st.text(max_size=300))
def test_any_text_gives_a_draft_or_a_usage_error(text: str) -> None:
    try:
        draft = parse_request(text)
    except UsageError as exc:
        assert exc.key.startswith("access.error.")
        return
    assert draft.role in ACCESS_ROLES and draft.account
    assert draft.duration is None or draft.duration.total_seconds() > 0


def test_commitment() -> None:
    draft = parse_commitment("<@U0GUEST|gina> <https://docs.example/nda.pdf|NDA> expires 2027-01-31")
    assert (draft.user_id, draft.document_url, draft.expires_on) == (
        "U0GUEST", "https://docs.example/nda.pdf", date(2027, 1, 31))
    assert parse_commitment("<@U0GUEST> https://docs.example/nda").expires_on is None
    for bad in ("", "@gina https://x.example", "<@U0GUEST>", "<@U0GUEST> ftp://x", "<@U0GUEST> https://x.example "
                "expires 31/01/2027", "<@U0GUEST> https://x.example expires 2027-02-30"):
        with pytest.raises(UsageError):
            parse_commitment(bad)


@given(st.text(max_size=200))
def test_other_parsers_never_crash(text: str) -> None:
    for parse in (parse_commitment, lambda t: parse_grant_id(t, "usage.access.revoke"), parse_list_target):
        with contextlib.suppress(UsageError):
            parse(text)


def test_grant_ids_and_list_targets() -> None:
    assert parse_grant_id("#12", "u") == 12 and parse_grant_id(" 7 ", "u") == 7
    assert parse_request_id("#3", "u") == 3 and parse_grant_id(str(2**31 - 1), "u") == 2**31 - 1
    for bad in ("12 13", "①", "⁷⁷⁷⁷⁷⁷", "٣", "9" * 25, "9" * 5000, "-1", "0", "1e300", str(2**31), str(2**63)):
        with pytest.raises(UsageError):
            parse_grant_id(bad, "u")
        with pytest.raises(UsageError):
            parse_request_id(bad, "u")
    assert parse_list_target("<@U0ANA|ana>").user_id == "U0ANA"
    assert parse_list_target("@acme").account == "@acme"
    assert parse_list_target("").user_id is None


def test_every_network_has_names_and_guides() -> None:
    for network in NETWORKS:
        for role in ACCESS_ROLES:
            name = network_role(network, role)
            guide = grant_guide(network, role, email="gina@agency.example", handle="acme", holder="U1",
                                shared=name is None)
            assert guide.steps and all("{" not in step for step in guide.steps)
        assert revoke_guide(network, email="e@x", handle="acme", holder="U1", shared=False).steps
    assert network_role("facebook", "admin") == PLATFORMS["meta"].roles["admin"]
    assert network_role("instagram", "editor") == "Partial access: Content"
    assert network_role("linkedin", "admin") == "Super admin"
    assert network_role("x", "analyst") is None
    meta = grant_guide("facebook", "editor", email="gina@agency.example", handle="acme", holder="U1", shared=False)
    assert meta.steps[0] == "Meta Business Suite → Settings → People → + Invite people"
    assert any("gina@agency.example" in step for step in meta.steps)
