"""`thucthi bench units`: what one directory search costs through the ORM, next to the best
hand-written SQL for the same answer, measured in the same run on the same database.

It times the directory search (`orgs.selectors.unit_list`) the way the
API and the web page use it: build the queryset, `count()`, then the first page of 50.
The baseline is plain SQL through `connection.cursor()` with the same WHERE and ORDER BY;
before anything is timed, both must return the same count and the same ids in the same
order, so a faster baseline can never be a different answer (tests/bench/test_bench.py checks
this on a small data set too).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from thucthi.bench.common import PAGE_SIZE, database_version
from thucthi.core import clock
from thucthi.core.text import search_terms
from thucthi.orgs import selectors
from thucthi.orgs.models import Unit, UnitKind

TARGET_P95_MS = 20.0

# What people type into the directory search: with and without diacritics, abbreviations,
# one letter, a common word that matches thousands of communes. Each query is also run
# with a date filter and with the kind filter it would most naturally be paired with.
UNIT_QUERIES: list[tuple[str, str]] = [
    ("", UnitKind.PROVINCE),  # the page as first opened: provinces in force today
    ("hung yen", UnitKind.PROVINCE),
    ("Hưng Yên", UnitKind.PROVINCE),
    ("dau tu", UnitKind.DEPARTMENT),
    ("so tai chinh", UnitKind.DEPARTMENT),
    ("ubnd xa", UnitKind.PEOPLES_COMMITTEE),
    ("phuong", UnitKind.COMMUNE),
    ("xa an", UnitKind.COMMUNE),
    ("thai binh", UnitKind.PROVINCE),
    ("ha noi", UnitKind.PROVINCE),
    ("KH&ĐT", UnitKind.DEPARTMENT),
    ("a", UnitKind.COMMUNE),
    ("tan", UnitKind.COMMUNE),
]


@dataclass(frozen=True)
class UnitCase:
    """One search request: the arguments the API or the web page would pass."""

    q: str
    kind: tuple[str, ...] = ()
    valid_on: dt.date | None = None

    @property
    def label(self) -> str:
        text = f'"{self.q}"' if self.q else "(trống / empty)"
        if self.kind:
            text += f" kind={','.join(self.kind)}"
        if self.valid_on is not None:
            text += f" @{self.valid_on.isoformat()}"
        return text


def unit_cases(
    queries: Sequence[str] | None = None, *, kind: str | None = None, valid_on: dt.date | None = None
) -> list[UnitCase]:
    """Each query three ways: as typed, in force on `valid_on`, and filtered by a kind.

    The kind is `kind` if given, else the one paired with a built-in query, else commune.
    """
    day = valid_on or clock.today()
    paired = dict(UNIT_QUERIES)
    chosen = [q for q, _ in UNIT_QUERIES] if queries is None else list(queries)
    cases: list[UnitCase] = []
    for q in chosen:
        k = kind or paired.get(q, UnitKind.COMMUNE)
        cases += [UnitCase(q), UnitCase(q, valid_on=day), UnitCase(q, kind=(str(k),))]
    return cases


# --- the two ways of answering one request ----------------------------------------------


@dataclass
class Answer:
    count: int
    ids: list[int]


def unit_search_orm(case: UnitCase) -> Answer:
    """What `GET /api/v1/units` and the /units/ page do for one request."""
    qs = selectors.unit_list(q=case.q, kind=case.kind, valid_on=case.valid_on)
    count = qs.count()
    page = list(qs[:PAGE_SIZE])
    return Answer(count, [u.pk for u in page])


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def unit_search_sql(case: UnitCase) -> tuple[str, list[Any], str, list[Any]]:
    """The hand-written SQL for `case`: (count SQL, its params, page SQL, its params).

    Same WHERE as the selector (every folded term must begin a word: `search_text LIKE
    '% term%'`, the stored text starting with a space), same ordering (exact name, then
    name prefix, then administrative level, then Vietnamese collation key), LIMIT 50, and
    the same rows the page needs: the unit with its parent and area, joined after the cut.
    """
    terms = search_terms(case.q)
    where: list[str] = []
    params: list[Any] = []
    for term in terms:
        where.append("u.search_text LIKE %s ESCAPE '\\'")
        params.append("%" + _like(" " + term) + "%")
    if case.kind:
        where.append(f"u.kind IN ({', '.join(['%s'] * len(case.kind))})")
        params += list(case.kind)
    if case.valid_on is not None:
        day = connection.ops.adapt_datefield_value(case.valid_on)
        where.append("(u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)")
        params += [day, day]
    where_sql = f" WHERE {' AND '.join(where)}" if where else ""
    count_sql = f"SELECT COUNT(*) FROM orgs_unit u{where_sql}"

    # The page: order and cut the narrow rows first, then join parent and area to the 50
    # that remain. Joining first makes both databases sort thousands of wide rows (on
    # PostgreSQL the LIMIT then no longer bounds the sort), which is 2-3 times slower for
    # broad queries such as "ubnd xa" — see docs/performance.md.
    rank_params: list[Any] = []
    if terms:
        phrase = " ".join(terms)
        ranks = (
            "CASE WHEN u.name_folded = %s THEN 0"
            " WHEN u.name_folded LIKE %s ESCAPE '\\' THEN 1"
            " WHEN u.search_text LIKE %s ESCAPE '\\' THEN 1 ELSE 2 END AS match_rank,"
            " CASE u.kind WHEN 'province' THEN 0 WHEN 'peoples_council' THEN 1 WHEN 'standing_committee' THEN 2"
            " WHEN 'peoples_committee' THEN 3 WHEN 'department' THEN 4 WHEN 'agency' THEN 5"
            " WHEN 'council_committee' THEN 6 WHEN 'district' THEN 7 WHEN 'commune' THEN 8 ELSE 9 END AS level_rank, "
        )
        rank_params = [phrase, _like(phrase) + "%", _like(" " + phrase) + "%"]
        order = "match_rank, level_rank, sort_key, name, id"
    else:
        ranks = ""
        order = "sort_key, name, id"
    page_sql = (
        f"SELECT u.*, p.*, a.* FROM (SELECT {ranks}u.sort_key, u.name, u.id FROM orgs_unit u{where_sql}"
        f" ORDER BY {order} LIMIT {PAGE_SIZE}) page"
        " JOIN orgs_unit u ON u.id = page.id"
        " LEFT JOIN orgs_unit p ON p.id = u.parent_id"
        " LEFT JOIN orgs_unit a ON a.id = u.area_id"
        f" ORDER BY {', '.join('page.' + c for c in order.split(', '))}"
    )
    return count_sql, params, page_sql, rank_params + params


def unit_search_raw(case: UnitCase) -> Answer:
    """The baseline: the same request as two plain SQL statements, rows left as tuples."""
    count_sql, count_params, page_sql, page_params = unit_search_sql(case)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_params)
        row = cursor.fetchone()
        count = int(row[0]) if row else 0
        cursor.execute(page_sql, page_params)
        rows = cursor.fetchall()
    return Answer(count, [int(r[0]) for r in rows])


# --- equality before timing -------------------------------------------------------------


@dataclass
class Mismatch:
    case: UnitCase
    orm: Answer
    sql: Answer

    def __str__(self) -> str:
        return (
            f"{self.case.label}: ORM count={self.orm.count} ids={self.orm.ids[:10]}… "
            f"/ SQL count={self.sql.count} ids={self.sql.ids[:10]}…"
        )


def unit_mismatches(cases: Sequence[UnitCase]) -> list[Mismatch]:
    """Cases where the hand-written SQL does not give the selector's answer (count, ids, order)."""
    problems = []
    for case in cases:
        orm, sql = unit_search_orm(case), unit_search_raw(case)
        if orm != sql:
            problems.append(Mismatch(case, orm, sql))
    return problems


# --- timing -----------------------------------------------------------------------------


@dataclass
class CaseTiming:
    case: UnitCase
    count: int
    orm: list[float] = field(default_factory=list)  # seconds per request
    sql: list[float] = field(default_factory=list)


@dataclass
class UnitsReport:
    vendor: str
    version: str
    rows: int
    repeat: int
    timings: list[CaseTiming]
    elapsed: float

    @property
    def orm_all(self) -> list[float]:
        return [s for t in self.timings for s in t.orm]

    @property
    def sql_all(self) -> list[float]:
        return [s for t in self.timings for s in t.sql]


def _timed(fn: Callable[[UnitCase], Answer], case: UnitCase) -> float:
    start = time.perf_counter()
    fn(case)
    return time.perf_counter() - start


def prepare_database() -> list[str]:
    """Notes on what the planner has to work with; on PostgreSQL, statistics if missing.

    A table that was bulk-loaded and never analysed (autovacuum off, or not yet run) gets
    plans that production, where autovacuum runs, does not: analyse it once, and say so.
    SQLite is left as deployed: Django never runs ANALYZE there, so neither do we.
    """
    if connection.vendor != "postgresql":
        return []
    notes = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE tablename = 'orgs_unit' AND indexname = 'orgs_unit_search_trgm'")
        if cursor.fetchone() is not None:
            notes.append("chỉ mục trigram / pg_trgm GIN index orgs_unit_search_trgm (search_text): có / present")
        else:
            notes.append("chỉ mục trigram / pg_trgm GIN index orgs_unit_search_trgm: KHÔNG CÓ / MISSING (orgs migration 0002)")
        cursor.execute("SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'orgs_unit' LIMIT 1")
        if cursor.fetchone() is None:
            cursor.execute("ANALYZE orgs_unit")
            notes.append("bảng chưa có thống kê: đã chạy ANALYZE orgs_unit / table had no planner statistics: ran ANALYZE orgs_unit")
        else:
            notes.append("thống kê của bộ lập kế hoạch: có / planner statistics: present")
    return notes


def unit_run(
    cases: Sequence[UnitCase], *, repeat: int, warmup: int = 2, on_round: Callable[[int], None] | None = None
) -> UnitsReport:
    """Time every case `repeat` times each way, after `warmup` untimed rounds.

    ORM and SQL alternate request by request (and swap who goes first every round), so
    caches, the page cache and the CPU's clock affect both alike.
    """
    started = time.perf_counter()
    timings = [CaseTiming(case, unit_search_orm(case).count) for case in cases]
    for _ in range(warmup):
        for t in timings:
            unit_search_orm(t.case)
            unit_search_raw(t.case)
    for round_no in range(repeat):
        for t in timings:
            if round_no % 2 == 0:
                t.orm.append(_timed(unit_search_orm, t.case))
                t.sql.append(_timed(unit_search_raw, t.case))
            else:
                t.sql.append(_timed(unit_search_raw, t.case))
                t.orm.append(_timed(unit_search_orm, t.case))
        if on_round is not None:
            on_round(round_no + 1)
    return UnitsReport(
        vendor=connection.vendor, version=database_version(), rows=Unit.objects.count(), repeat=repeat,
        timings=timings, elapsed=time.perf_counter() - started,
    )
