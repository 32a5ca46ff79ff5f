"""Three plain-language highlights computed from the KPI lines, and how a Highlight becomes text.

1. The best and the worst subject against target, by % of target (higher-is-better: value ÷
   target; lower-is-better: target ÷ value, so 100 % is "on target" either way).
2. The biggest change against the previous period (by its absolute %).
3. A KPI off track for 3 periods or more running (the longest), or "none is".

Both the digest and the report render them with the translator (`render`), so they read the same.
Names typed by users go through the caller's `escape` (the Slack side passes `user_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.i18n import Translator
from bot.kpi.views import DefinitionView, Highlight, KpiLine

OFF_TRACK_RUN = 3


def subject_of(d: DefinitionView) -> str:
    """Who a KPI is about: the account, the brand, or "" (the whole workspace)."""
    return d.account_label or d.brand or ""


def score(line: KpiLine, target: float) -> float | None:
    """% of target (100 = on target), or None without a value or with a zero target/value."""
    if line.value is None:
        return None
    if line.definition.direction == "lower":
        return target / line.value * 100 if line.value else None
    return line.value / target * 100 if target else None


def _names(line: KpiLine) -> dict[str, object]:
    d = line.definition
    return {"metric": d.metric, "kpi": d.name, "subject": subject_of(d)}


def highlights(lines: Sequence[KpiLine], targets: Sequence[float]) -> tuple[Highlight, ...]:
    """Exactly three when any line has a value; none otherwise (the missing notes say why)."""
    scored = [(s, line) for line, t in zip(lines, targets, strict=True) if (s := score(line, t)) is not None]
    if not scored:
        return ()
    best_score, best = max(scored, key=lambda p: (p[0], -p[1].definition.id))
    worst_score, worst = min(scored, key=lambda p: (p[0], p[1].definition.id))
    out: list[Highlight] = []
    if len(scored) == 1:
        out.append(Highlight("kpi.digest.highlight.only", {**_names(best), "pct": best_score}))
    else:
        out.append(Highlight("kpi.digest.highlight.best_worst", {
            "best_metric": best.definition.metric, "best_kpi": best.definition.name,
            "best": subject_of(best.definition), "best_pct": best_score,
            "worst_metric": worst.definition.metric, "worst_kpi": worst.definition.name,
            "worst": subject_of(worst.definition), "worst_pct": worst_score}))
    changes = [line for line in lines if line.change_pct is not None]
    if changes:
        big = max(changes, key=lambda line: (abs(line.change_pct or 0.0), -line.definition.id))
        key = "kpi.digest.highlight.rise" if (big.change_pct or 0) >= 0 else "kpi.digest.highlight.fall"
        out.append(Highlight(key, {**_names(big), "pct": abs(big.change_pct or 0.0)}))
    else:
        out.append(Highlight("kpi.digest.highlight.no_change"))
    off = [line for line in lines if line.periods_off_track >= OFF_TRACK_RUN]
    if off:
        long = max(off, key=lambda line: (line.periods_off_track, -line.definition.id))
        out.append(Highlight("kpi.digest.highlight.off_track", {**_names(long), "periods": long.periods_off_track}))
    else:
        out.append(Highlight("kpi.digest.highlight.none_off_track", {"periods": OFF_TRACK_RUN}))
    return tuple(out)


def number(value: float | None, lang: str, unit: str = "") -> str:
    """1234.5 → "1,234.5" (en) or "1.234,5" (es); a percentage with one decimal; "—" for None."""
    if value is None:
        return "—"
    decimals = 1 if unit == "%" or (abs(value) < 100 and value != int(value)) else 0
    text = f"{value:,.{decimals}f}"
    if lang == "es":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    suffix = {"%": " %", "min": " min"}.get(unit, f" {unit}" if unit else "")
    return text + suffix


def metric_name(tr: Translator, metric: str, name: str) -> str:
    """The translated name of a metric key (the goals part's `kpi.metric.<key>`); a custom
    metric's name as typed."""
    key = f"kpi.metric.{metric}"
    return tr(key) if metric != "custom" and tr.has(key) else name


def render(tr: Translator, h: Highlight, *, escape: Callable[[str], str] = str) -> str:
    """The highlight or note in the translator's language; user-typed names through `escape`."""
    params: dict[str, object] = {}
    lang = tr.lang
    for k, v in h.params.items():
        if k.endswith("pct") and isinstance(v, float | int):
            params[k] = number(float(v), str(lang), "%")
        elif isinstance(v, float):
            params[k] = number(v, str(lang))
        else:
            params[k] = v
    for prefix in ("", "best_", "worst_"):
        metric, kpi = h.params.get(prefix + "metric"), h.params.get(prefix + "kpi")
        if isinstance(metric, str):
            params[prefix + "kpi"] = escape(metric_name(tr, metric, str(kpi or metric)))
    if isinstance(h.params.get("parts"), str):
        params["parts"] = ", ".join(metric_name(tr, part.strip(), part.strip())
                                    for part in str(h.params["parts"]).split(","))
    for k in ("subject", "best", "worst", "name", "account"):
        if isinstance(params.get(k), str):
            params[k] = escape(str(params[k])) or tr("kpi.digest.workspace")
    return tr(h.key, **params)
