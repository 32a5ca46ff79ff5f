"""What one deployment declared, carried by each of its units of work.

The composition root binds a `Deployment` (the bootstrap admins from the settings and the
registries built from the feature list) to its `Database`; every session that database
opens carries it in `session.info`. So a rule reads the deployment's admins or a feature's
extension point from the session it was given, and no module global is filled at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.core.events import SUBSCRIBERS_KEY, NoDeployment
from bot.core.feature import Registries
from storage.db import Database

KEY = "socialops.deployment"


@dataclass(frozen=True)
class Deployment:
    admins: frozenset[str]
    registries: Registries

    def contributed(self, point: str) -> tuple[Any, ...]:
        return self.registries.contributed(point)


def bind(db: Database, deployment: Deployment) -> Database:
    db.session_info[KEY] = deployment
    db.session_info[SUBSCRIBERS_KEY] = deployment.registries.subscribers
    return db


def deployment_of(session: Session) -> Deployment:
    found = session.info.get(KEY)
    if not isinstance(found, Deployment):
        raise NoDeployment("this session belongs to no deployment (bind one to the Database)")
    return found
