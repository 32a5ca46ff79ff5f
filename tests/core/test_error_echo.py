"""What a user typed, echoed back in an error reply, is neutralised like any user text (issue 11 §5).

The reply is only theirs, but it is mrkdwn: a `<!channel>` or a disguised link in it would
render as one, and the same error text is also sent after the ack, by DM or in a channel
they are in. One rule for every error: parameters go through `user_text`.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ADMIN, BEA, CARL

pytestmark = pytest.mark.usefixtures("setup_workspace")


@pytest.mark.parametrize(("user", "command", "text", "echoed"), [
    (ADMIN, "/socialops", f"role add <@{BEA}> <!channel>", "is not a role"),
    (CARL, "/access", "request <!here> editor for 7d launch", "in the inventory"),
    (ADMIN, "/handover", "show <!everyone>", "is not an act number"),
    (ADMIN, "/socialops", "jobs retry <!subteam^S0TEAM|@marketing>", "is not a message number"),
    (CARL, "/access", "request acme <https://evil.example|our form> for 7d x", "is not a role"),
])
def test_an_error_never_echoes_a_broadcast_or_a_disguised_link(driver: Any, user: str, command: str, text: str,
                                                               echoed: str) -> None:
    reply = driver.command(user, command, text).json()["text"]
    assert echoed in reply  # the error is the one about what they typed…
    assert "<!" not in reply and "<https://evil" not in reply  # …and nothing in it pings or hides a link
    assert "@\u2060" in reply or "&lt;https://evil.example" in reply  # what they typed is shown, inert
