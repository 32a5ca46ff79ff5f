"""An answer only the actor sees reaches them even where Slack refuses an ephemeral."""

from __future__ import annotations

from typing import Any

import pytest

from tests.access.support import told
from tests.conftest import GENERAL, GUEST

pytestmark = pytest.mark.usefixtures("setup_workspace")


def test_a_refusal_in_a_channel_the_clicker_is_not_in_comes_by_dm(driver: Any, slack: Any) -> None:
    # A guest is not in #general; Slack answers chat.postEphemeral there with user_not_in_channel.
    assert GUEST not in next(c for c in slack.channels() if c["id"] == GENERAL)["members"]
    response = driver.forged_click(GUEST, "access_approve", "①", channel=GENERAL)
    assert response.status == 200
    assert slack.messages(slack.dm_channel(GUEST))[-1]["text"] == told(slack, GUEST)[-1]
    assert "There is no access request" in told(slack, GUEST)[-1]

