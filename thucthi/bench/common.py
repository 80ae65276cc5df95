"""What every benchmark behind `thucthi bench` shares: timing the ORM and the hand-written SQL
side by side, percentiles, the closing verdicts, and the bulk writer the generators load their
data sets with (COPY on PostgreSQL, executemany elsewhere).

Domain-free: `units`, `task_pages` and `indicator_pages` build on it; none imports another's
private names.
"""

from __future__ import annotations

import math
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

PAGE_SIZE = 50  # rows on the first page of every list the benchmarks time, as on the web pages


# --- timing -----------------------------------------------------------------------------


def time_alternating(
    pairs: Sequence[tuple[Callable[[], object], Callable[[], object]]], *, repeat: int, warmup: int,
    on_round: Callable[[int], None] | None = None,
) -> list[tuple[list[float], list[float]]]:
    """Seconds of each (ORM, SQL) pair, `repeat` times each after `warmup` untimed rounds. The two
    alternate request by request and swap who goes first every round, so load on a shared machine
    falls on both alike."""

    def timed(fn: Callable[[], object]) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    for _ in range(warmup):
        for orm, sql in pairs:
            orm()
            sql()
    out: list[tuple[list[float], list[float]]] = [([], []) for _ in pairs]
    for round_no in range(repeat):
        for (orm, sql), (orm_times, sql_times) in zip(pairs, out, strict=True):
            if round_no % 2 == 0:
                orm_times.append(timed(orm))
                sql_times.append(timed(sql))
            else:
                sql_times.append(timed(sql))
                orm_times.append(timed(orm))
        if on_round is not None:
            on_round(round_no + 1)
    return out


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load, printed with every measurement to judge its noise."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def print_verdicts(out: Callable[[str], None], verdicts: Sequence[tuple[str, bool, str]], *, generated_seconds: float | None,
                   elapsed: float) -> None:
    """The closing lines every benchmark prints: each target met or not, and how long it took."""
    out("")
    for label, ok, value in verdicts:
        out(f"Mục tiêu / target: {label} → {'ĐẠT / PASS' if ok else 'KHÔNG ĐẠT / FAIL'} ({value})")
    if generated_seconds is not None:
        out(f"Thời gian sinh dữ liệu / generation time: {generated_seconds:.1f} s")
    out(f"Thời gian đo / run time: {elapsed:.1f} s · tải máy cuối / load average after: {load_average()}")


def percentile(samples: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default, statistics' "inclusive")."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def database_version() -> str:
    """The database server's version, printed with every measurement."""
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # mypy: pg_version exists on the PostgreSQL wrapper only.
        number = int(getattr(connection, "pg_version", 0))
        return f"{number // 10000}.{number % 10000}"
    return ""


# --- reporting --------------------------------------------------------------------------


def short(answer: Any) -> str:
    """An answer in a mismatch report, cut to a readable length."""
    text = repr(answer)
    return text if len(text) < 300 else text[:300] + "…"


# --- bulk loading -----------------------------------------------------------------------


def quote_name(name: str) -> str:
    return connection.ops.quote_name(name)


def table_name(model: type[models.Model]) -> str:
    """The model's table, quoted for hand-written SQL."""
    return quote_name(model._meta.db_table)


def column_defaults(model: type[models.Model], columns: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """Columns of `model` that the generator does not set and that may not be null, with the
    model's default for each: a field someone adds later does not break the bulk load."""
    extra_columns: list[str] = []
    values: list[Any] = []
    for f in model._meta.concrete_fields:
        if f.column is None or f.column in columns or f.primary_key or f.null:
            continue
        extra_columns.append(f.column)
        values.append(f.get_db_prep_save(f.get_default(), connection))
    return extra_columns, tuple(values)


class Writer:
    """Appends rows to a table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rows: Counter[str] = Counter()

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        extra_columns, extra = column_defaults(model, columns)
        names = ", ".join(quote_name(c) for c in [*columns, *extra_columns])
        n = 0
        with connection.cursor() as cursor:
            if self.postgres:
                # The psycopg cursor under Django's wrapper: COPY is not part of the DB-API.
                raw = cursor.cursor
                with raw.copy(f"COPY {table_name(model)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra if extra else row)
                        n += 1
            else:
                batch = [row + extra for row in rows]
                marks = ", ".join(["%s"] * (len(columns) + len(extra_columns)))
                cursor.executemany(f"INSERT INTO {table_name(model)} ({names}) VALUES ({marks})", batch)
                n = len(batch)
        self.rows[model._meta.db_table] += n
