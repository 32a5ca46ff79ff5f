"""Every feature of the app, once. Adding a feature means one line here.

The order is the order of `/socialops help`. The app (bot/app.py), the scheduler
(`socialops scheduler`) and the CLI (`socialops audit verify`) all build their registries
from this list, so each sees exactly the same renderers, producers, subscribers and texts,
and none depends on a module having been imported first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache

from bot.core import catalog as core_catalog
from bot.core.config import Settings
from bot.core.context import AppContext, system_clock
from bot.core.deployment import Deployment, bind
from bot.core.feature import Feature, Registries
from bot.core.i18n import Translator
from handlers.access import FEATURE as ACCESS
from handlers.accounts import FEATURE as ACCOUNTS
from handlers.admin import FEATURE as ADMIN
from handlers.brands import FEATURE as BRANDS
from handlers.crisis import FEATURE as CRISIS
from handlers.handover import FEATURE as HANDOVER
from handlers.home import FEATURE as HOME
from handlers.jobs import FEATURE as JOBS
from handlers.kpi import FEATURE as KPI
from handlers.oauth import FEATURE as OAUTH
from handlers.posts import FEATURE as POSTS
from handlers.replies import FEATURE as REPLIES
from scheduler.feature import FEATURE as SCHEDULER
from storage.db import Database

CORE = Feature(name="core", catalog=core_catalog.MESSAGES)

FEATURES: tuple[Feature, ...] = (
    CORE, ADMIN, ACCOUNTS, ACCESS, HANDOVER, BRANDS, POSTS, CRISIS, REPLIES, KPI, JOBS, SCHEDULER, HOME, OAUTH,
)


@cache
def registries() -> Registries:
    return Registries.of(FEATURES)


def registries_with(extra: Iterable[Feature]) -> Registries:
    """The app's registries plus test or benchmark features (their own kinds, producers…)."""
    more = tuple(extra)
    return registries() if not more else Registries.of((*FEATURES, *more))


def translator(lang: str) -> Translator:
    return Translator(lang, registries().catalog)


def bind_deployment(db: Database, settings: Settings, regs: Registries | None = None) -> Database:
    return bind(db, Deployment(admins=frozenset(settings.socialops_admins), registries=regs or registries()))


def app_context(
    settings: Settings, db: Database, clock: Callable[[], datetime] = system_clock, *,
    extra: Iterable[Feature] = (),
) -> AppContext:
    """What every handler, use case and job needs, with the deployment bound to `db`."""
    regs = registries_with(extra)
    bind_deployment(db, settings, regs)
    return AppContext(settings=settings, db=db, clock=clock, registries=regs)
