"""Sealed install tokens and the vault's key rotation: an older key still opens them; rekey moves them."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import select, update

from storage.installs import EncryptedInstallationStore, TokenSeal
from storage.models import SlackBot
from storage.vault_keys import VaultError, generate_key_line, merge, parse_keys

OLD, NEW = generate_key_line("old"), generate_key_line("new")


def ring(*lines: str) -> Any:
    return merge([("test", [k for line in lines for k in parse_keys(line)])])


def installation(team: str = "T1") -> Installation:
    return Installation(app_id="A1", enterprise_id=None, team_id=team, team_name="One", bot_token="xoxb-secret-1",
                        bot_id="B1", bot_user_id="U0BOT", bot_scopes="commands", bot_refresh_token="xoxe-refresh-1",
                        bot_token_expires_in=43_200, user_id="U1")


def test_a_rotated_key_ring_still_opens_the_tokens_and_rekey_moves_them(db: Any) -> None:
    EncryptedInstallationStore(db, "1.2", TokenSeal(ring(OLD))).save(installation())
    rotated = EncryptedInstallationStore(db, "1.2", TokenSeal(ring(NEW, OLD)))  # new primary, old kept
    bot = rotated.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == ("xoxb-secret-1", "xoxe-refresh-1")
    found = rotated.find_installation(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == "xoxb-secret-1"

    with db.uow() as s:
        assert rotated.rekey(s) == 4  # both tokens, in the bot row and the installation row
    only_new = EncryptedInstallationStore(db, "1.2", TokenSeal(ring(NEW)))
    bot = only_new.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-secret-1"


def test_a_token_moved_to_another_workspace_does_not_open(db: Any) -> None:
    store = EncryptedInstallationStore(db, "1.2", TokenSeal(ring(OLD)))
    store.save(installation("T1"))
    store.save(installation("T2"))
    with db.uow() as s:
        one = s.scalars(select(SlackBot.bot_token).where(SlackBot.team_id == "T1")).one()
        s.execute(update(SlackBot).where(SlackBot.team_id == "T2").values(bot_token=one))
    with pytest.raises(VaultError, match="cannot decrypt the bot_token of workspace T2"):
        store.find_bot(enterprise_id=None, team_id="T2")
