"""`/replies <words…>` over 10,000 reply templates: the search function's time, p50/p95/p99.

A workspace with `--templates` approved templates (default 10,000), half Spanish and half
English, titles of 3 to 5 and texts of 15 to 40 words drawn from a customer-service vocabulary (so
common words like "pedido" or "order" sit in thousands of templates, as in a real library), the
terms written as approval writes them (bot.replies.search.reindex's weights). Each of a fixed list
of queries runs `--n` times in a read-only unit of work, as the listener runs it; the figure is
`bot.replies.search.search` (ranking, then reading the served versions). Goal: p95 < 20 ms.

    python benchmarks/replies_search.py                       # a temporary SQLite file
    python benchmarks/replies_search.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_replies

The database gets migrated and the benchmark workspace's templates replaced: a scratch database.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEAM = "T0BENCH"
CATEGORIES = ("question", "complaint", "praise", "troll", "crisis")
_ES = ("pedido pedidos envío envíos retraso devolución devoluciones reembolso queja quejas factura precio "
       "precios descuento tienda tiendas horario cliente clientes atención producto productos garantía "
       "tarjeta pago cuenta contraseña aplicación web servicio caída error problema disculpa gracias "
       "agradecimiento oferta cupón talla cambio paquete seguimiento correo teléfono ayuda equipo "
       "respuesta privado mensaje información entrega domicilio dirección stock calidad rotura dañado "
       "cancelación suscripción plazo días semana hoy mañana lunes viernes rápido pronto lamentamos "
       "sentimos revisamos escríbenos contacta gestionamos solucionar")
_EN = ("order orders shipping shipment delay delivery deliveries refund refunds complaint complaints "
       "invoice price prices discount store stores hours customer customers support product products "
       "warranty card payment account password app website service outage error issue apology thanks "
       "thank offer coupon size exchange parcel tracking email phone help team reply private message "
       "information address stock quality broken damaged cancellation subscription days week today "
       "tomorrow monday friday quick soon sorry review contact manage solve")
WORDS = {"es": _ES.split(), "en": _EN.split()}
QUERIES = ("devoluciones", "refund", "pedido retrasado", "late delivery", "queja atención cliente",
           "damaged parcel", "factura", "password reset app", "garantía producto roto", "thanks team",
           "caída del servicio", "outage", "cupón descuento", "shipping address change", "horario tiendas",
           "zanahoria")


def prepare(database: str, n: int, now: datetime) -> None:
    from sqlalchemy import delete, insert, select

    from bot.replies.search import category_words
    from bot.replies.terms import index_terms
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import ReplyTemplate, ReplyTemplateVersion, ReplyTerm, ReplyUse

    db = Database(database)
    upgrade(db)
    rnd = random.Random(7)
    with db.uow() as s:
        for model in (ReplyTerm, ReplyUse, ReplyTemplateVersion, ReplyTemplate):
            s.execute(delete(model).where(model.team_id == TEAM))
    batch = 1000
    for start in range(0, n, batch):
        size = min(batch, n - start)
        with db.uow() as s:
            s.execute(insert(ReplyTemplate), [
                {"team_id": TEAM, "author_id": "U0BENCH", "last_version": 1, "usage_count": rnd.randint(0, 50),
                 "created_at": now} for _ in range(size)])
            ids = list(s.scalars(select(ReplyTemplate.id).where(
                ReplyTemplate.team_id == TEAM, ReplyTemplate.served_version_id.is_(None))
                .order_by(ReplyTemplate.id)))
            versions, term_rows = [], []
            for tid in ids:
                lang = rnd.choice(("es", "en"))
                cat = rnd.choice(CATEGORIES)
                title = " ".join(rnd.sample(WORDS[lang], rnd.randint(3, 5))).capitalize()
                text = " ".join(rnd.choice(WORDS[lang]) for _ in range(rnd.randint(15, 40))) + " {name}."
                versions.append({"team_id": TEAM, "template_id": tid, "version": 1, "title": title, "category": cat,
                                 "tone": "", "language": lang, "text": text, "placeholders": ["name"],
                                 "state": "approved", "author_id": "U0BENCH", "created_at": now})
                weights = index_terms(lang, title, (text, " ".join(category_words(cat))))
                term_rows += [{"team_id": TEAM, "template_id": tid, "term": t, "weight": w} for t, w in weights.items()]
            s.execute(insert(ReplyTemplateVersion), versions)
            s.execute(insert(ReplyTerm), term_rows)
            for tid, vid, cat in s.execute(select(ReplyTemplateVersion.template_id, ReplyTemplateVersion.id,
                                                  ReplyTemplateVersion.category)
                                           .where(ReplyTemplateVersion.template_id.in_(ids))):
                s.get(ReplyTemplate, tid).served_version_id = vid  # type: ignore[union-attr]
                s.get(ReplyTemplate, tid).category = cat  # type: ignore[union-attr]
    if db.dialect == "postgresql":
        # What autovacuum does to a table after a bulk load: statistics for the planner and the
        # visibility map an index-only scan needs (without it every term row is a heap fetch).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("reply_terms", "reply_templates", "reply_template_versions"):
                conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    elif db.dialect == "sqlite":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    db.engine.dispose()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(database: str, n: int, warmup: int) -> tuple[list[tuple[str, int, float, float, float]], list[float]]:
    from bot.replies.search import search
    from storage.db import Database

    db = Database(database)
    rows, every = [], []
    for query in QUERIES:
        times: list[float] = []
        found = 0
        for i in range(warmup + n):
            with db.uow(read_only=True) as s:
                t0 = time.perf_counter()
                hits = search(s, TEAM, query)
                elapsed = (time.perf_counter() - t0) * 1000
            found = len(hits)
            if i >= warmup:
                times.append(elapsed)
        rows.append((query, found, pct(times, 0.5), pct(times, 0.95), pct(times, 0.99)))
        every += times
    db.engine.dispose()
    return rows, every


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database", help="a scratch database URL (default: a temporary SQLite file)")
    parser.add_argument("--templates", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=100, help="searches per query")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{Path(tmp) / 'replies.db'}"
        t0 = time.perf_counter()
        prepare(database, args.templates, datetime(2026, 12, 1, tzinfo=UTC))
        print(f"{args.templates} templates on {database.split(':')[0]} in {time.perf_counter() - t0:.1f} s")
        rows, every = run(database, args.n, args.warmup)
    print(f"{'query':32} {'found':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for query, found, p50, p95, p99 in rows:
        print(f"{query:32} {found:5d} {p50:8.2f} {p95:8.2f} {p99:8.2f}")
    p95 = pct(every, 0.95)
    print(f"{'all queries':32} {'':5} {pct(every, 0.5):8.2f} {p95:8.2f} {pct(every, 0.99):8.2f}")
    worst = max(r[3] for r in rows)
    print(f"p95 {p95:.2f} ms, worst query's p95 {worst:.2f} ms (goal < 20 ms): {'ok' if worst < 20 else 'OVER'}")


if __name__ == "__main__":
    main()
