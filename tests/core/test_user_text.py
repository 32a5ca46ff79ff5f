"""User-written text echoed by the bot pings nobody and hides no link (hostile input)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from handlers.blockkit import user_text


def test_broadcast_mentions_are_shown_not_sent() -> None:
    for raw in ("<!here> approve fast", "<!channel>", "<!everyone>", "<!subteam^S0MKT|@marketing>",
                "<!here|here>", "<!date^1700000000^{date}|today>"):
        assert "<!" not in user_text(raw), raw
    assert user_text("<!here> please") == "@\u2060here please"
    assert user_text("<!subteam^S0MKT|@marketing> go") == "@\u2060marketing go"
    assert user_text("tell @here and @channel") == "tell @\u2060here and @\u2060channel"


def test_links_show_where_they_go() -> None:
    assert user_text("<https://evil.example/login|our site>") == "our site (https://evil.example/login)"
    assert user_text("see <https://acme.example>") == "see https://acme.example"


def test_people_and_channels_the_author_named_stay() -> None:
    assert user_text("ask <@U0BEA|bea> in <#C0APPROVALS|approvals>") == "ask <@U0BEA> in <#C0APPROVALS>"


def test_slack_control_characters_show_as_typed() -> None:
    assert user_text("R&D <b>bold</b> a > b") == "R&amp;D &lt;b&gt;bold&lt;/b&gt; a &gt; b"


_SAFE_TOKEN = re.compile(r"<[@#][UWCG][A-Z0-9]+>")


@given(st.text(alphabet=st.sampled_from(list("<>!|@#&^ahereUCW01:/. ")) | st.characters(), max_size=80))
def test_whatever_is_typed_only_mentions_people_or_channels(text: str) -> None:
    out = user_text(text)
    leftover = _SAFE_TOKEN.sub("", out)
    assert "<" not in leftover and ">" not in leftover
    assert not re.search(r"@(here|channel|everyone)\b", out, re.IGNORECASE)
