"""How the console draws Block Kit and reads what the user types into a modal."""

from __future__ import annotations

from pathlib import Path

from bot.devtools.console_demo import dev_key_path
from bot.devtools.console_render import (
    Field,
    Names,
    Pressable,
    form_fields,
    parse_field_value,
    render_file,
    render_form,
)

NAMES = Names({"U0ANA": "ana", "U0BEA": "bea"}, {"C0APPROVALS": "approvals"})


def view() -> dict[str, object]:
    opt = {"text": {"type": "plain_text", "text": "I need the login itself"}, "value": "shared"}
    return {
        "id": "V1", "type": "modal", "title": {"type": "plain_text", "text": "Request"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": ":key: for <@U0ANA>"},
             "accessory": {"type": "button", "action_id": "more", "value": "7",
                           "text": {"type": "plain_text", "text": "More"}}},
            {"type": "input", "block_id": "who", "label": {"type": "plain_text", "text": "Receiver"},
             "element": {"type": "users_select", "action_id": "value", "initial_user": "U0BEA"}},
            {"type": "input", "block_id": "where", "label": {"type": "plain_text", "text": "Channel"},
             "element": {"type": "conversations_select", "action_id": "value"}, "optional": True},
            {"type": "input", "block_id": "shared", "label": {"type": "plain_text", "text": "Shared"},
             "element": {"type": "checkboxes", "action_id": "value", "options": [opt]}, "optional": True},
        ],
    }


def test_a_modal_shows_names_ticks_and_pressable_buttons() -> None:
    buttons: list[Pressable] = []
    fields = form_fields(view())
    lines = render_form(view(), fields, NAMES, buttons)
    text = "\n".join(lines)
    assert "🔑 for @ana" in text
    assert "(1) Receiver [users_select] = @bea  (@name)" in text
    assert "(3) Shared (optional) [ ] I need the login itself  (set yes|no)" in text
    assert buttons == [Pressable("more", "7", "More", None, None, "V1")]  # a section's button in a modal
    assert lines[-1] == "  └─ set <n> <value> · submit (Send) · cancel"


def test_typed_values_become_what_slack_would_submit() -> None:
    who, where, shared = form_fields(view())
    assert parse_field_value(who, "@ana", NAMES) == "U0ANA"
    assert parse_field_value(where, "#approvals", NAMES) == "C0APPROVALS"
    assert parse_field_value(shared, "yes", NAMES) == ["shared"]
    assert parse_field_value(shared, "no", NAMES) == []
    text = Field("b", "value", "Codes", "plain_text_input")
    assert parse_field_value(text, r"one\ntwo", NAMES) == "one\ntwo"
    select = Field("b", "value", "2FA", "static_select", [("Authenticator app", "app")])
    assert parse_field_value(select, "authenticator app", NAMES) == "app"


def test_files_show_where_and_how_they_start() -> None:
    lines = render_file("#approvals", "act.md", "\n".join(f"line {i}" for i in range(10)).encode())
    assert lines[0] == "  #approvals  📎 file act.md (69 bytes)"
    assert lines[1] == "    ┆ line 0" and lines[-1] == "    ┆ … 2 more line(s)"
    assert render_file("#approvals", "act.pdf", b"%PDF\xff\xfe") == ["  #approvals  📎 file act.pdf (6 bytes)"]


def test_the_dev_key_lives_beside_a_kept_sqlite_file_else_per_user(tmp_path: Path) -> None:
    assert dev_key_path(f"sqlite:///{tmp_path}/demo.db") == tmp_path / "demo.db.dev-vault.key"
    assert dev_key_path(None, home=tmp_path) == tmp_path / ".socialops" / "dev-vault.key"
    assert dev_key_path("postgresql://db/x", home=tmp_path) == tmp_path / ".socialops" / "dev-vault.key"
