"""Reading a KPI CSV file (pure: bytes in, rows and problems out; no session, no Slack).

Two shapes, told apart by the header line:

- the SocialOps format, long: `date,account,metric,value` (any order; Spanish headers
  `fecha,cuenta,metrica,valor` too), one figure per line; `account` is a handle,
  `network:handle`, or `competitor:<brand>:<name>`;
- an export people already have, wide: one line per day, one column per metric, read through a
  mapping kept as data (`bot/kpi/mappings/*.json`); the file says nothing about the account, so
  it must be named (`--account`, or the message the file was shared with).

UTF-8 with or without a BOM; anything else is refused with the reason (no guessing: a Latin-1
"é" read as UTF-8 would be stored wrong). The separator is sniffed from the header line (`,`,
`;` as Spanish spreadsheets export, or a tab; Excel's `sep=;` first line is honoured). A decimal
comma is read in a `;` or tab file only. Limits are checked before the rows are read in full.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.errors import DomainError
from bot.kpi import parse_data

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PROBLEMS_KEPT = 200  # a file with 50,000 bad rows is reported by its first ones and a count
MAPPINGS_DIR = Path(__file__).parent / "mappings"
SOCIALOPS = "socialops"
_LONG_HEADERS = {"date": "date", "fecha": "date", "account": "account", "cuenta": "account",
                 "metric": "metric", "metrica": "metric", "métrica": "metric", "value": "value",
                 "valor": "value"}
SOCIALOPS_HEADER = "date,account,metric,value"
_WIDTH = "width"


class FileRefused(DomainError):
    """The file as a whole cannot be read (size, encoding, columns, row count): nothing is written."""


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RawRow:
    line: int
    ref: str  # an account reference, or "competitor:<brand>:<name>"
    metric: str  # the metric word as written (a mapped file: already a metric key)
    day: dt.date
    value: float
    value_text: str


@dataclass(frozen=True)
class Mapping:
    name: str
    label: str
    date_columns: tuple[str, ...]
    date_formats: tuple[str, ...]
    columns: dict[str, str]  # folded header → metric, in the file's order of preference
    sums: dict[str, tuple[str, ...]]  # metric → folded headers added up
    skip_rows_without_date: bool


@dataclass
class Parsed:
    format: str  # "socialops" or a mapping's name
    label: str
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    skipped: int = 0  # a mapped file's lines without a date (totals, descriptions)
    lines: int = 0  # data lines read

    def problem(self, line: int, key: str, **params: object) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(Problem(line, key, dict(params)))


def _fold(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


@functools.cache
def mappings() -> tuple[Mapping, ...]:
    """The mapping files, read once (on first use, not at import)."""
    found: list[Mapping] = []
    for path in sorted(MAPPINGS_DIR.glob("*.json")):
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        dates = raw["date_column"] if isinstance(raw["date_column"], list) else [raw["date_column"]]
        found.append(Mapping(
            name=str(raw["name"]), label=str(raw["label"]), date_columns=tuple(_fold(d) for d in dates),
            date_formats=tuple(raw["date_formats"]),
            columns={_fold(h): str(m) for h, m in raw["columns"].items()},
            sums={str(m): tuple(_fold(h) for h in hs) for m, hs in (raw.get("sums") or {}).items()},
            skip_rows_without_date=bool(raw.get("skip_rows_without_date", False))))
    return tuple(found)


def decode(data: bytes) -> str:
    """UTF-8 with or without a BOM; anything else is refused with where it went wrong."""
    if len(data) > MAX_BYTES:
        raise FileRefused("kpi.data.file_too_big", size=f"{len(data) / 1024 / 1024:.1f}", limit=MAX_BYTES // 2**20)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("kpi.data.utf16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileRefused("kpi.data.not_utf8", line=line, byte=f"0x{data[exc.start]:02X}") from None


def sniff_separator(header_line: str) -> str:
    counts = {sep: 0 for sep in (",", ";", "\t")}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _records(text: str) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The separator and the (line number, fields) of each non-blank record."""
    first, _, rest = text.partition("\n")
    offset = 0
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        sep, text, offset = first.strip()[4], rest, 1
    else:
        sep = sniff_separator(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)

    def records() -> Iterator[tuple[int, list[str]]]:
        try:
            for fields in reader:
                if any(f.strip() for f in fields):
                    yield reader.line_num + offset, fields
        except csv.Error as exc:
            raise FileRefused("kpi.data.bad_csv", line=reader.line_num + offset, reason=str(exc)) from None

    return sep, records()


def parse_csv(data: bytes, *, today: dt.date, account: str | None = None) -> Parsed:
    """Every line read and checked for what needs no lookup; `FileRefused` for the whole file."""
    sep, records = _records(decode(data))
    header = next(records, None)
    if header is None:
        raise FileRefused("kpi.data.empty_file", expected=SOCIALOPS_HEADER)
    folded = [_fold(h) for h in header[1]]
    long_cols = {_LONG_HEADERS[h]: i for i, h in enumerate(folded) if h in _LONG_HEADERS}
    if set(long_cols) == {"date", "account", "metric", "value"}:
        long_cols[_WIDTH] = len(folded)  # every line has the header's columns, no more, no fewer
        parsed = Parsed(SOCIALOPS, "SocialOps")
        for line, fields in _bounded(records, parsed):
            _long_row(parsed, line, fields, long_cols, sep, today, account)
        return parsed
    mapping = detect_mapping(folded)
    if mapping is None:
        shown = ", ".join(h for h in header[1][:8] if h.strip()) or "—"
        raise FileRefused("kpi.data.unknown_columns", columns=shown, expected=SOCIALOPS_HEADER,
                          known=", ".join(m.label for m in mappings()))
    if not account:
        raise FileRefused("kpi.data.needs_account", label=mapping.label)
    parsed = Parsed(mapping.name, mapping.label)
    for line, fields in _bounded(records, parsed):
        _wide_row(parsed, mapping, folded, line, fields, sep, today, account)
    return parsed


def _bounded(records: Iterator[tuple[int, list[str]]], parsed: Parsed) -> Iterator[tuple[int, list[str]]]:
    """Stops at the first line past the limit: a 100,000-line file is refused without reading it all."""
    for line, fields in records:
        parsed.lines += 1
        if parsed.lines > MAX_ROWS:
            raise FileRefused("kpi.data.too_many_rows", limit=f"{MAX_ROWS:,}")
        yield line, fields


def detect_mapping(folded: list[str]) -> Mapping | None:
    present = set(folded)
    for mapping in mappings():
        has_date = any(d in present for d in mapping.date_columns)
        has_metric = any(h in present for h in mapping.columns) or \
            any(h in present for hs in mapping.sums.values() for h in hs)
        if has_date and has_metric:
            return mapping
    return None


def _number(parsed: Parsed, line: int, text: str, sep: str) -> float | None:
    raw = text.strip()
    if sep == "," and "," in raw:
        parsed.problem(line, "kpi.data.comma_decimal", value=raw)
        return None
    value = parse_data.parse_number(raw)
    if value is None:
        parsed.problem(line, "kpi.data.not_a_number", value=raw[:40])
    return value


def _day(parsed: Parsed, line: int, text: str, sep: str, today: dt.date) -> dt.date | None:
    raw = text.strip()
    day = parse_data.parse_iso_day(raw)
    if day is None and sep != ",":
        # A Spanish spreadsheet re-saves ISO dates as day/month/year.
        try:
            day = dt.datetime.strptime(raw, "%d/%m/%Y").date()
        except ValueError:
            day = None
    if day is None:
        parsed.problem(line, "kpi.data.bad_date", date=raw[:40])
        return None
    return _checked_day(parsed, line, day, today)


def _checked_day(parsed: Parsed, line: int, day: dt.date, today: dt.date) -> dt.date | None:
    try:
        parse_data.check_day(day, today)
    except DomainError as exc:
        parsed.problem(line, exc.key, **exc.params)
        return None
    return day


def _long_row(parsed: Parsed, line: int, fields: list[str], cols: dict[str, int], sep: str, today: dt.date,
              account: str | None) -> None:
    width = cols[_WIDTH]
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        fields = fields[:width]  # a spreadsheet's trailing separators
    if len(fields) != width:
        parsed.problem(line, "kpi.data.row_columns", expected=width, found=len(fields))
        return
    value_text = fields[cols["value"]].strip()
    ref = fields[cols["account"]].strip() or (account or "")
    metric = fields[cols["metric"]].strip()
    if not ref:
        parsed.problem(line, "kpi.data.no_account")
    if not metric:
        parsed.problem(line, "kpi.data.no_metric_cell")
    if not value_text:
        parsed.problem(line, "kpi.data.empty_value")
    day = _day(parsed, line, fields[cols["date"]], sep, today)
    value = _number(parsed, line, value_text, sep) if value_text else None
    if ref and metric and day is not None and value is not None:
        parsed.rows.append(RawRow(line, ref, metric, day, value, value_text))


def _mapped_day(mapping: Mapping, text: str) -> dt.date | None:
    raw = text.strip()
    for fmt in mapping.date_formats:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _wide_row(parsed: Parsed, mapping: Mapping, header: list[str], line: int, fields: list[str], sep: str,
              today: dt.date, account: str) -> None:
    cells = {h: fields[i] for i, h in enumerate(header) if i < len(fields)}
    date_text = next((cells[d] for d in mapping.date_columns if d in cells), "")
    day = _mapped_day(mapping, date_text)
    if day is None:
        if mapping.skip_rows_without_date:
            parsed.skipped += 1  # a totals line or a column description under the header
        else:
            parsed.problem(line, "kpi.data.bad_date", date=date_text.strip()[:40])
        return
    if _checked_day(parsed, line, day, today) is None:
        return
    taken: set[str] = set()
    for head, metric in mapping.columns.items():
        if metric in taken or head not in cells:
            continue
        taken.add(metric)
        _wide_cell(parsed, line, account, metric, day, cells[head], sep)
    for metric, heads in mapping.sums.items():
        parts = [cells[h] for h in heads if h in cells and cells[h].strip()]
        if metric in taken or not parts:
            continue
        values = [_number(parsed, line, p, sep) for p in parts]
        if all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            parsed.rows.append(RawRow(line, account, metric, day, total, _plain(total)))


def _wide_cell(parsed: Parsed, line: int, account: str, metric: str, day: dt.date, text: str, sep: str) -> None:
    if not text.strip():
        return  # the export has no figure for that day: nothing to store, not an error
    value = _number(parsed, line, text, sep)
    if value is not None:
        parsed.rows.append(RawRow(line, account, metric, day, value, text.strip()))


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)

