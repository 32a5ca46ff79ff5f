"""The goals part's texts: an objective as it reads, the list of objectives, the agreed scope.

`definition_text` and `metric_label` are what any KPI text uses to name an objective (the
digest and the report may call them too). Names people typed (custom metrics, brands, the
provider, deliverables) go through `user_text`.
"""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.kpi.scope import DeliveredView, ScopeView
from bot.kpi.views import DefinitionView
from handlers.blockkit import user_text

LIST_MAX = 200  # objectives listed in one answer; a workspace with more is told how many are left


def fmt_number(tr: Translator, value: float) -> str:
    """3 → "3", 2.5 → "2.5" ("2,5" in Spanish), 5000 → "5,000" ("5.000"): at most two decimals."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if tr.lang == "es":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def metric_label(tr: Translator, view: DefinitionView) -> str:
    """ "Engagement rate (by reach)", "Followers", or a custom metric's name as typed."""
    if view.metric == "custom":
        return user_text(view.name)
    name = tr(f"kpi.metric.{view.metric}")
    if view.basis:
        return tr("kpi.goals.metric_basis", metric=name, basis=tr(f"kpi.goals.basis.{view.basis}"))
    return name


def subject_label(tr: Translator, view: DefinitionView) -> str:
    if view.account_label:
        return tr("kpi.goals.subject.account", account=user_text(view.account_label))
    if view.brand:
        return tr("kpi.goals.subject.brand", brand=user_text(view.brand))
    return tr("kpi.goals.subject.workspace")


def target_text(tr: Translator, view: DefinitionView) -> str:
    """ "≥ 3 %", "≤ 30 min", "≥ 40 leads"."""
    op = "≥" if view.direction == "higher" else "≤"
    unit = f" {user_text(view.unit)}" if view.unit else ""
    return f"{op} {fmt_number(tr, view.target)}{unit}"


def definition_text(tr: Translator, view: DefinitionView) -> str:
    """ "Engagement rate (by reach) for instagram @acme: ≥ 3 % per week — id 4"."""
    return tr("kpi.goals.line", metric=metric_label(tr, view), subject=subject_label(tr, view),
              target=target_text(tr, view), period=tr(f"kpi.goals.period.{view.period}"), id=view.id)


def defined_text(tr: Translator, view: DefinitionView, parts: tuple[str, ...]) -> str:
    lines = [tr("kpi.goals.defined", line=definition_text(tr, view))]
    if parts != (view.data_key,):  # derived: say what it is computed from, so nobody tries to type it
        lines.append(tr("kpi.goals.defined_derived", parts=", ".join(tr(f"kpi.metric.{p}") for p in parts)))
    return "\n".join(lines)


def _item(tr: Translator, view: DefinitionView) -> str:
    return tr("kpi.goals.list.item", id=view.id, metric=metric_label(tr, view), target=target_text(tr, view),
              period=tr(f"kpi.goals.period.{view.period}"), direction=tr(f"kpi.goals.direction.{view.direction}"))


def list_text(tr: Translator, views: list[DefinitionView]) -> str:
    """Grouped: the workspace's objectives, then each brand's, then each account's."""
    if not views:
        return tr("kpi.goals.list.empty")
    groups: dict[tuple[int, str], list[DefinitionView]] = {}
    for view in views[:LIST_MAX]:
        if view.account_label:
            key = (2, view.account_label)
        elif view.brand:
            key = (1, view.brand.casefold())
        else:
            key = (0, "")
        groups.setdefault(key, []).append(view)
    lines = [tr("kpi.goals.list.title", count=len(views))]
    for key in sorted(groups):
        first = groups[key][0]
        lines.append("")
        if key[0] == 0:
            lines.append(tr("kpi.goals.list.workspace"))
        elif key[0] == 1:
            lines.append(tr("kpi.goals.list.brand", brand=user_text(first.brand or "")))
        else:
            lines.append(tr("kpi.goals.list.account", account=user_text(first.account_label or "")))
        lines += [_item(tr, v) for v in groups[key]]
    if len(views) > LIST_MAX:
        lines.append(tr("kpi.goals.list.more", count=len(views) - LIST_MAX))
    return "\n".join(lines)


def scope_lines(tr: Translator, scope: ScopeView) -> list[str]:
    """The scope in a few lines: who, the cadence, the response time, posts per account, deliverables."""
    lines = [tr("kpi.goals.scope.provider", provider=user_text(scope.provider)),
             tr("kpi.goals.scope.cadence", cadence=tr(f"kpi.goals.cadence.{scope.report_cadence}"))]
    if scope.response_minutes is None:
        lines.append(tr("kpi.goals.scope.response_none"))
    else:
        lines.append(tr("kpi.goals.scope.response", minutes=scope.response_minutes))
    if scope.accounts:
        lines.append(tr("kpi.goals.scope.posts_title"))
        lines += [tr("kpi.goals.scope.posts_line", account=user_text(label), posts=posts)
                  for _, label, posts in scope.accounts]
    else:
        lines.append(tr("kpi.goals.scope.posts_none"))
    if scope.deliverables:
        lines.append(tr("kpi.goals.scope.deliverables_title"))
        lines += [tr("kpi.goals.scope.deliverable_line", id=d_id, name=user_text(name), day=day)
                  for d_id, name, day in scope.deliverables]
        lines.append(tr("kpi.goals.scope.deliverables_hint"))
    return lines


def scope_text(tr: Translator, scope: ScopeView | None) -> str:
    """What a member reads with `/kpi scope` (and an admin after saving)."""
    if scope is None:
        return tr("kpi.goals.scope.none")
    return "\n".join([tr("kpi.goals.scope.title"), *scope_lines(tr, scope)])


def delivered_text(tr: Translator, view: DeliveredView) -> str:
    return tr("kpi.goals.delivered.done", name=user_text(view.name), day=view.due_day, month=f"{view.month:%Y-%m}")
