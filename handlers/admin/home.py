"""App Home: who you are here and what you can do."""

from __future__ import annotations

from typing import Any

from bot.core import runner
from bot.core.authz import Actor, roles_of
from handlers.blockkit import context, header, section, sections
from handlers.kit import translator
from handlers.runtime import Runtime


def home_opened(rt: Runtime, event: dict[str, Any], body: dict[str, Any]) -> None:
    if event.get("tab") not in (None, "home"):
        return
    actor = Actor(str(body.get("team_id", "")), str(event["user"]))
    tr = translator(rt, actor.team_id)
    roles = runner.run(rt.ctx, actor, lambda s: sorted(r.value for r in roles_of(s, actor)))
    role_names = ", ".join(tr(f"role.{r}") for r in roles) or tr("home.member")
    blocks = [
        header(tr("home.title")),
        section(tr("home.intro")),
        context(tr("home.your_roles", roles=role_names)),
        *sections(rt.help_text(tr))[:90],
    ]
    view = {"type": "home", "blocks": blocks}
    rt.sender.submit(lambda c: c.views_publish(user_id=actor.user_id, view=view), what="home", team_id=actor.team_id)
