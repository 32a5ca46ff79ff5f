"""A feature, declared: what it adds to the app, the scheduler, the catalog and the other features.

Each feature package lists what it brings in one `Feature` record (in
`handlers/<feature>/__init__.py`, which sees both its rules and its Slack side), and
`bot/features.py` lists every feature once. The composition root turns that list into
`Registries` — nothing is registered by importing a module, so what runs is exactly what
the list says, and the scheduler or the CLI can load the same registries without Slack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.core.events import Subscriber
from bot.core.i18n import Catalog
from bot.core.periodic import Maintenance, Producer
from bot.core.schedule import Renderer
from storage.audit import SealChecker


@dataclass(frozen=True)
class Feature:
    name: str
    # {key: {"en": ..., "es": ...}} of the texts the feature shows
    catalog: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # register(rt): declares the feature's slash commands, buttons and modals (the Slack side)
    register: Callable[[Any], None] | None = None
    # how each delivery kind the feature schedules is rendered when due
    renderers: Mapping[str, Renderer] = field(default_factory=dict)
    producers: tuple[Producer, ...] = ()  # calendar work, per workspace
    maintenance: tuple[Maintenance, ...] = ()  # deployment-wide housekeeping
    subscribers: tuple[tuple[str, Subscriber], ...] = ()  # (event name, fn)
    seal_checkers: tuple[SealChecker, ...] = ()  # for `socialops audit verify`
    # Contributions to another feature's extension point, by the point's name: e.g. the
    # handover act's item kinds and collectors ("handover.kind", "handover.collector").
    contributes: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    ids: tuple[type[StrEnum], ...] = ()  # the action/callback/block ids Slack echoes back
    # add_parser(subparsers): the feature's own `socialops` subcommands
    cli: tuple[Callable[[Any], None], ...] = ()


@dataclass(frozen=True)
class Registries:
    """Everything the features declared, merged (and checked for clashes) once."""

    features: tuple[Feature, ...]
    catalog: Catalog
    renderers: Mapping[str, Renderer]
    producers: Mapping[str, Producer]
    maintenance: Mapping[str, Maintenance]
    subscribers: Mapping[str, tuple[Subscriber, ...]]
    seal_checkers: tuple[SealChecker, ...]
    contributions: Mapping[str, tuple[Any, ...]]

    @classmethod
    def of(cls, features: Iterable[Feature]) -> Registries:
        feats = tuple(features)
        renderers: dict[str, Renderer] = {}
        producers: dict[str, Producer] = {}
        maintenance: dict[str, Maintenance] = {}
        subscribers: dict[str, list[Subscriber]] = {}
        contributions: dict[str, list[Any]] = {}
        names: set[str] = set()
        for f in feats:
            _unique(names, f.name, "feature", f.name)
            for kind, renderer in f.renderers.items():
                _unique(renderers, kind, "delivery kind", f.name)
                renderers[kind] = renderer
            for p in f.producers:
                _unique(producers, p.name, "producer", f.name)
                producers[p.name] = p
            for m in f.maintenance:
                _unique(maintenance, m.name, "maintenance job", f.name)
                maintenance[m.name] = m
            for event, fn in f.subscribers:
                subscribers.setdefault(event, []).append(fn)
            for point, items in f.contributes.items():
                contributions.setdefault(point, []).extend(items)
        return cls(
            features=feats,
            catalog=Catalog.merge(f.catalog for f in feats),
            renderers=renderers,
            producers=producers,
            maintenance=maintenance,
            subscribers={k: tuple(v) for k, v in subscribers.items()},
            seal_checkers=tuple(fn for f in feats for fn in f.seal_checkers),
            contributions={k: tuple(v) for k, v in contributions.items()},
        )

    def contributed(self, point: str) -> tuple[Any, ...]:
        return self.contributions.get(point, ())


def _unique(seen: Mapping[str, object] | set[str], key: str, what: str, feature: str) -> None:
    if key in seen:
        raise ValueError(f"{what} {key!r} declared twice (again by feature {feature!r})")
    if isinstance(seen, set):
        seen.add(key)
