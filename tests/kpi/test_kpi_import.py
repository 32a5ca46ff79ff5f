"""CSV import (issue 14 §2): good rows in, bad rows reported with line numbers, a re-import does not
duplicate, a broken file writes nothing; encodings, separators, the exports' mappings, the limits,
and `socialops kpi import`."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main as cli_main
from bot.core import runner
from bot.core.authz import Actor
from bot.core.errors import Conflict, DomainError, Forbidden
from bot.kpi import csvio, imports, metrics
from bot.kpi.csvio import FileRefused
from storage.models.kpi import KpiCompetitor, KpiImport, KpiValue
from tests.access.support import give_role, set_workspace
from tests.conftest import ADMIN, ANA, CARL, TEAM
from tests.kpi.support_data import (
    TODAY,
    audit_actions,
    count,
    csv_bytes,
    figures,
    seed_accounts,
    seed_profile,
)

pytestmark = pytest.mark.usefixtures("setup_workspace")

GOOD = ("date,account,metric,value",
        "2026-02-23,instagram:acme,followers,1000",
        "2026-02-24,instagram:acme,followers,1010",
        "2026-02-24,instagram:acme,reach,5400",
        "2026-02-24,acme_es,engagements,120",
        "2026-02-24,competitor:Acme:Rival Co,followers,7000")


@pytest.fixture
def acc(rt: Any) -> dict[str, int]:
    seed_profile(rt.ctx.db, ["Rival Co"])
    return seed_accounts(rt.ctx.db)


def run_import(rt: Any, data: bytes, *, user: str = ANA, filename: str = "figures.csv",
               account: str | None = None) -> imports.ImportResult:
    actor = Actor(TEAM, user)
    return runner.run(rt.ctx, actor, lambda s: imports.import_csv(s, actor, data, filename=filename, source="csv",
                                                                 now=rt.ctx.clock(), account=account))


def rejected(rt: Any, data: bytes, **kw: Any) -> imports.ImportRejected:
    with pytest.raises(imports.ImportRejected) as info:
        run_import(rt, data, **kw)
    return info.value


def test_good_rows_go_in_with_their_counts_and_an_audit_entry(rt: Any, acc: dict[str, int]) -> None:
    result = run_import(rt, csv_bytes(*GOOD))
    assert (result.figures, result.counts.inserted, result.subjects) == (5, 5, 3)
    assert (result.first_day, result.last_day, result.format) == (dt.date(2026, 2, 23), dt.date(2026, 2, 24),
                                                                  "socialops")
    stored = figures(rt.ctx.db)
    assert (f"a:{acc['ig']}", "followers", dt.date(2026, 2, 24), 1010.0, "csv") in stored
    assert (f"a:{acc['es']}", "engagements", dt.date(2026, 2, 24), 120.0, "csv") in stored
    assert [s for s, *_ in stored if s.startswith("c:")] == ["c:1"]
    [(action, subject, detail)] = audit_actions(rt.ctx.db)
    record = json.loads(detail)
    assert action == "kpi.import" and subject == f"import:{result.import_id} figures.csv"
    assert record["sha256"] == imports.sha256_of(csv_bytes(*GOOD)) and record["inserted"] == 5
    with rt.ctx.db.uow(read_only=True) as s:
        row = s.get(KpiImport, result.import_id)
        assert row is not None and (row.rows, row.inserted, row.imported_by) == (5, 5, ANA)


def test_the_same_file_twice_is_refused_and_the_same_rows_again_do_not_duplicate(rt: Any,
                                                                                 acc: dict[str, int]) -> None:
    run_import(rt, csv_bytes(*GOOD))
    with pytest.raises(Conflict) as info:
        run_import(rt, csv_bytes(*GOOD), user=ADMIN, filename="again.csv")
    assert info.value.key == "kpi.data.already_imported" and info.value.params["by"] == ANA
    # The same rows in another file (one figure changed, one new): upserted, nothing duplicated.
    again = (*GOOD[:2], "2026-02-24,instagram:acme,followers,1011", *GOOD[3:], "2026-02-25,acme_es,reach,10")
    result = run_import(rt, csv_bytes(*again))
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (1, 1, 4)
    assert count(rt.ctx.db, KpiValue) == 6 and count(rt.ctx.db, KpiImport) == 2


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(rt: Any, acc: dict[str, int]) -> None:
    data = csv_bytes("date,account,metric,value",
                     "2026-02-24,instagram:acme,followers,1000",     # 2: good
                     "2026-02-24,nobody,followers,1",                # 3: unknown account
                     "2026-02-24,instagram:acme,fans,1",             # 4: unknown metric
                     "2026-02-24,instagram:acme,engagement_rate,4",  # 5: derived
                     "2026-03-09,instagram:acme,reach,1",            # 6: future
                     "2026-02-24,instagram:acme,reach,abc",          # 7: not a number
                     "2026-02-24,instagram:acme,reach,-1",           # 8: negative
                     "24-02-2026,instagram:acme,reach,1",            # 9: bad date
                     "2026-02-24,instagram:acme,followers,1000",     # 10: same as line 2
                     "2026-02-24,competitor:Acme:Nobody,followers,1",  # 11: not a competitor
                     "2026-02-24,instagram:acme",                    # 12: short
                     "2026-02-24,acme,reach,1",                      # 13: ambiguous handle
                     "2026-02-24,acme_es,reach,1,2")                 # 14: one column too many
    exc = rejected(rt, data)
    lines = [(p.line, p.key) for p in exc.problems]
    assert lines == [(3, "accounts.error.not_found"), (4, "kpi.data.unknown_metric"), (5, "kpi.data.derived"),
                     (6, "kpi.data.future_day"), (7, "kpi.data.not_a_number"), (8, "kpi.data.negative"),
                     (9, "kpi.data.bad_date"), (10, "kpi.data.duplicate_row"), (11, "kpi.data.not_a_competitor"),
                     (12, "kpi.data.row_columns"), (13, "accounts.error.ambiguous"), (14, "kpi.data.row_columns")]
    assert figures(rt.ctx.db) == [] and count(rt.ctx.db, KpiImport) == 0 and audit_actions(rt.ctx.db) == []
    assert count(rt.ctx.db, KpiCompetitor) == 0  # not even the competitor row a good line would make
    text = imports.rejection_text(rt.translator("en"), exc)
    assert text.startswith(":x: figures.csv was not imported: 12 line(s) to fix.")
    assert "• line 10: The same account, metric and day as line 2." in text
    assert text.endswith("Nothing was written: fix the file and send it again.")


def test_only_the_first_twenty_problems_are_listed(rt: Any, acc: dict[str, int]) -> None:
    data = csv_bytes("date,account,metric,value", *(f"2026-02-{d:02d},instagram:acme,reach,x" for d in range(1, 26)))
    text = imports.rejection_text(rt.translator("es"), rejected(rt, data))
    assert "25 línea(s)" in text and "• línea 21:" in text and "• línea 22:" not in text
    assert "…y 5 más." in text


def test_utf8_with_bom_semicolons_and_decimal_commas(rt: Any, acc: dict[str, int]) -> None:
    data = csv_bytes("fecha;cuenta;métrica;valor", "2026-02-24;acme_es;tiempo_respuesta;12,5",
                     "24/02/2026;acme_es;seguidores;300", '"2026-02-25";"acme_es";"alcance";"40"', bom=True)
    result = run_import(rt, data)
    assert result.figures == 3
    assert {(m, d, v) for _, m, d, v, _ in figures(rt.ctx.db)} == {
        ("response_time", dt.date(2026, 2, 24), 12.5), ("followers", dt.date(2026, 2, 24), 300.0),
        ("reach", dt.date(2026, 2, 25), 40.0)}


def test_a_decimal_comma_in_a_comma_file_is_refused(rt: Any, acc: dict[str, int]) -> None:
    exc = rejected(rt, csv_bytes("date,account,metric,value", '2026-02-24,acme_es,response_time,"12,5"'))
    assert [p.key for p in exc.problems] == ["kpi.data.comma_decimal"]


@pytest.mark.parametrize(("data", "key", "params"), [
    ("date,account,metric,value\n2026-02-24,acme_es,reach,1\n2026-02-24,marcá,reach,1\n".encode("latin-1"),
     "kpi.data.not_utf8", {"line": 3, "byte": "0xE1"}),
    ("date,account,metric,value\n".encode("utf-16"), "kpi.data.utf16", {}),
    (b"", "kpi.data.empty_file", {"expected": "date,account,metric,value"}),
    (b"day,handle,figure\n2026-02-24,acme,1\n", "kpi.data.unknown_columns",
     {"columns": "day, handle, figure", "expected": "date,account,metric,value",
      "known": "LinkedIn page analytics (content export, one sheet saved as CSV), Meta Business Suite (insights "
               "export)"}),
    (b"date,account,metric,value\n", "kpi.data.no_rows", {"expected": "date,account,metric,value"}),
    (b"Date,Reach\n2026-02-24,10\n", "kpi.data.needs_account", {"label": "Meta Business Suite (insights export)"}),
])
def test_a_file_that_cannot_be_read_is_refused_whole(rt: Any, acc: dict[str, int], data: bytes, key: str,
                                                     params: dict[str, object]) -> None:
    with pytest.raises(FileRefused) as info:
        run_import(rt, data)
    assert (info.value.key, info.value.params) == (key, params)
    assert rt.translator("en").has(key) and figures(rt.ctx.db) == []


def test_too_many_rows_are_refused_quickly_without_reading_them_all(rt: Any, acc: dict[str, int]) -> None:
    body = "".join(f"2026-02-24,instagram:acme,reach,{i}\n" for i in range(100_000))
    data = ("date,account,metric,value\n" + body).encode()
    started = time.perf_counter()
    with pytest.raises(FileRefused) as info:
        csvio.parse_csv(data, today=TODAY)
    assert info.value.key == "kpi.data.too_many_rows" and info.value.params == {"limit": "50,000"}
    assert time.perf_counter() - started < 5  # a generous bound: it stops at line 50,002
    with pytest.raises(FileRefused) as big:
        csvio.decode(b"x" * (csvio.MAX_BYTES + 1))
    assert big.value.key == "kpi.data.file_too_big"


def test_a_meta_business_suite_export_needs_and_takes_the_account(rt: Any, acc: dict[str, int]) -> None:
    data = csv_bytes('"Date","Reach","Views","Content interactions","Link clicks"',
                     '"Lifetime: people reached","","","",""',  # a description line under the header
                     "2026-02-23,1200,3400,80,",
                     "2026-02-24,1300,3500,90,7")
    result = run_import(rt, data, account="instagram:acme")
    assert (result.format, result.figures, result.skipped) == ("meta_business_suite", 7, 1)
    ig = f"a:{acc['ig']}"
    assert (ig, "impressions", dt.date(2026, 2, 23), 3400.0, "csv") in figures(rt.ctx.db)
    assert (ig, "link_clicks", dt.date(2026, 2, 24), 7.0, "csv") in figures(rt.ctx.db)
    assert all(s == ig for s, *_ in figures(rt.ctx.db))


def test_a_linkedin_export_adds_up_the_engagement_columns(rt: Any, acc: dict[str, int]) -> None:
    data = csv_bytes("Date,Impressions (total),Clicks (total),Reactions (total),Comments (total),Reposts (total)",
                     "02/24/2026,900,12,30,4,2")
    result = run_import(rt, data, account="acme_es")
    assert result.format == "linkedin_page"
    assert {(m, v) for _, m, _, v, _ in figures(rt.ctx.db)} == {("impressions", 900.0), ("link_clicks", 12.0),
                                                                  ("engagements", 36.0)}


def test_the_mapping_files_name_base_metrics_and_say_what_could_not_be_checked() -> None:
    for path in sorted(csvio.MAPPINGS_DIR.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert "could NOT be checked" in raw["note"], path.name
        assert all(m in metrics.BASE for m in [*raw["columns"].values(), *raw["sums"]]), path.name
    assert {m.name for m in csvio.mappings()} == {"meta_business_suite", "linkedin_page"}


def test_custom_metrics_import_by_their_defined_name(rt: Any, acc: dict[str, int]) -> None:
    from storage.models import KpiDefinition
    with rt.ctx.db.uow() as s:
        s.add(KpiDefinition(team_id=TEAM, metric="custom", custom_name="Leads CRM", custom_key="custom:leads_crm",
                            unit="leads", target=10, period="week", direction="higher", created_by=ADMIN))
    run_import(rt, csv_bytes("date,account,metric,value", "2026-02-24,acme_es,Leads CRM,-2.5"))
    assert [(m, v) for _, m, _, v, _ in figures(rt.ctx.db)] == [("custom:leads_crm", -2.5)]


def test_only_publishers_custodians_and_admins_import(rt: Any, acc: dict[str, int]) -> None:
    with pytest.raises(Forbidden):
        run_import(rt, csv_bytes(*GOOD), user=CARL)
    give_role(rt.ctx.db, CARL, "publisher")
    assert run_import(rt, csv_bytes(*GOOD), user=CARL).figures == 5


# ---- socialops kpi import ----------------------------------------------------------------------

def _cli_file(tmp_path: Path, *lines: str, name: str = "week.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(csv_bytes(*lines))
    return path


def test_the_cli_imports_and_says_what_it_did(rt: Any, acc: dict[str, int], db_url: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    day = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)).isoformat()  # the CLI runs on the real clock
    path = _cli_file(tmp_path, "date,account,metric,value", f"{day},acme_es,followers,10",
                     f"{day},acme_es,reach,55")
    assert cli_main(["kpi", "import", str(path), "--by", ANA]) == 0
    err = capsys.readouterr().err
    assert "week.csv (SocialOps) imported: 2 figure(s)" in err and "2 new" in err
    assert len(figures(rt.ctx.db)) == 2
    assert cli_main(["kpi", "import", str(path)]) == 1
    assert "already imported" in capsys.readouterr().err


def test_the_cli_reports_a_rejected_file_on_stderr_with_exit_1(rt: Any, acc: dict[str, int], db_url: str,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    set_workspace(rt.ctx.db, language="es")
    path = _cli_file(tmp_path, "date,account,metric,value", "2020-01-01,acme_es,followers,10")
    assert cli_main(["kpi", "import", str(path), "--team", TEAM]) == 1
    err = capsys.readouterr().err
    assert "week.csv no se ha importado: 1 línea(s)" in err and "• línea 2:" in err and "más de dos años" in err
    assert figures(rt.ctx.db) == []
    assert cli_main(["kpi", "import", str(tmp_path / "missing.csv")]) == 1
    assert "cannot read" in capsys.readouterr().err
    meta = _cli_file(tmp_path, "Date,Reach", "2026-02-24,10", name="meta.csv")
    assert cli_main(["kpi", "import", str(meta), "--account", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err


def test_a_refusal_keeps_its_words_for_every_key() -> None:
    """Every key the data part raises is in the catalog in both languages."""
    from bot.kpi.catalog_data import MESSAGES
    keys = [k for k in MESSAGES if k.startswith("kpi.data.")]
    assert all(set(MESSAGES[k]) == {"en", "es"} for k in keys)
    with pytest.raises(DomainError):
        raise FileRefused("kpi.data.utf16")


@pytest.mark.parametrize("data", [
    b"sep=;\ndate;account;metric;value\n2026-02-24;acme_es;response_time;3,5\n",
    b"date\taccount\tmetric\tvalue\n2026-02-24\tacme_es\tresponse_time\t3,5\n",
    b'"date","account","metric","value"\n"2026-02-24","acme_es","response_time","3.5"\n',
    b"Date;Account;Metric;Value;;\n2026-02-24;acme_es;response_time;3,5;;\n",
])
def test_separators_are_sniffed_from_the_header(data: bytes) -> None:
    parsed = csvio.parse_csv(data, today=TODAY)
    assert parsed.problems == [] and [(r.line, r.ref, r.metric, r.value) for r in parsed.rows] == [
        (3 if data.startswith(b"sep=") else 2, "acme_es", "response_time", 3.5)]


def test_line_numbers_count_physical_lines() -> None:
    data = b'date,account,metric,value\n2026-02-24,acme_es,"response\ntime",1\n\n2026-02-24,acme_es,reach,x\n'
    parsed = csvio.parse_csv(data, today=TODAY)
    assert [(p.line, p.key) for p in parsed.problems] == [(5, "kpi.data.not_a_number")]
