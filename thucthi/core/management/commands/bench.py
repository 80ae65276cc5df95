"""`thucthi bench units`: how fast the unit search answers, next to hand-written SQL.

A measurement, not a test: it exits 0 whether or not the target is met. It exits 1 only
when the hand-written SQL and the selector disagree, because then the comparison is void.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from thucthi.core import bench
from thucthi.orgs.models import UnitKind

MIN_UNITS = 10_000  # below this the reference data is not loaded


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f}"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


class Command(BaseCommand):
    help = "Đo tốc độ các truy vấn chính (p50/p95, so với SQL viết tay). / Benchmark the main queries (p50/p95 against hand-written SQL)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="target", required=True, metavar="{units}", help="Phép đo / benchmark")
        units = sub.add_parser(
            "units",
            help="Tìm kiếm đơn vị, cơ quan (danh mục ~11.750 dòng) / unit and agency search (~11,750-row directory)",
            description=(
                "Đo unit_list + count() + trang 50 dòng đầu, so với SQL viết tay cho cùng kết quả. "
                "/ Times unit_list + count() + the first page of 50 against hand-written SQL for the same answer."
            ),
        )
        units.add_argument(
            "--repeat", type=int, default=30, metavar="N",
            help="Số lần đo mỗi truy vấn (mặc định 30) / timed runs per query (default 30)",
        )
        units.add_argument(
            "--warmup", type=int, default=2, metavar="N",
            help="Số vòng chạy thử không tính giờ (mặc định 2) / untimed warm-up rounds (default 2)",
        )
        units.add_argument(
            "--queries", nargs="+", metavar="Q",
            help="Thay bộ truy vấn mặc định, ví dụ --queries \"hung yen\" \"dau tu\" / replace the default query mix",
        )
        units.add_argument(
            "--kind", choices=UnitKind.values, metavar="KIND",
            help="Loại dùng cho biến thể lọc theo loại / kind used in the kind-filtered variant "
            "(mặc định: theo từng truy vấn / default: paired per query, commune for your own queries)",
        )
        units.add_argument(
            "--valid-on", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
            help="Ngày dùng cho biến thể lọc theo hiệu lực (mặc định hôm nay) / date of the valid_on variant (default today)",
        )
        units.add_argument(
            "--show-sql", action="store_true",
            help="In câu SQL viết tay của truy vấn đầu tiên / print the hand-written SQL of the first query",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["target"] == "units":
            self.units(options)

    # --- units --------------------------------------------------------------------------

    def ensure_units(self) -> int:
        from thucthi.core.checks import database_ready
        from thucthi.orgs.models import Unit

        problems = [p for p in database_ready() if p.is_serious() or p.id == "thucthi.W001"]
        if problems:
            raise CommandError(f"{problems[0].msg} {problems[0].hint or ''}".strip() + " / The database is not ready: run `thucthi migrate`.")
        count = Unit.objects.count()
        if count < MIN_UNITS:
            self.stdout.write(
                f"Chỉ có {count} đơn vị: đang nạp danh mục và dữ liệu mẫu (thucthi demo)… "
                f"/ Only {count} units: loading the reference and demo data…"
            )
            from thucthi.demo import loader

            try:
                loader.load()
            except DatabaseError as exc:
                raise CommandError(f"Không nạp được dữ liệu mẫu / could not load the demo data: {exc}") from exc
            count = Unit.objects.count()
        return count

    def units(self, options: dict[str, Any]) -> None:
        repeat: int = options["repeat"]
        if repeat < 1 or options["warmup"] < 0:
            raise CommandError("--repeat phải ≥ 1, --warmup ≥ 0. / --repeat must be ≥ 1 and --warmup ≥ 0.")
        rows = self.ensure_units()
        cases = bench.unit_cases(options["queries"], kind=options["kind"], valid_on=options["valid_on"])
        out = self.stdout.write

        if options["show_sql"]:
            count_sql, count_params, page_sql, page_params = bench.unit_search_sql(cases[0])
            out(f"-- {cases[0].label}\n{count_sql};\n-- {count_params}\n{page_sql};\n-- {page_params}\n")

        # Before timing anything: the baseline must be the same answer, or the ratio means nothing.
        mismatches = bench.unit_mismatches(cases)
        if mismatches:
            for m in mismatches:
                self.stderr.write(f"  {m}")
            raise CommandError(
                f"SQL viết tay và unit_list cho kết quả khác nhau ở {len(mismatches)}/{len(cases)} truy vấn; "
                "sửa SQL trong thucthi/core/bench.py cho khớp selector. / The hand-written SQL and unit_list disagree: "
                "fix the SQL in thucthi/core/bench.py to match the selector."
            )

        notes = bench.prepare_database()
        version = bench.database_version()
        out("Tìm kiếm đơn vị / Unit search: selectors.unit_list(q, kind, valid_on) → count() + 50 dòng đầu / first 50 rows")
        out(f"CSDL / database: {connection.vendor} {version} · {rows:,} đơn vị / units".replace(",", "."))
        out(f"{len(cases)} truy vấn × {repeat} lần (+{options['warmup']} vòng chạy thử) / queries × runs (+ warm-up rounds); "
            "SQL = cùng kết quả, đã kiểm tra / same answer, checked")
        for note in notes:
            out(f"  {note}")
        out(f"Tải máy / load average (1, 5, 15 min): {_load()} · {os.cpu_count()} CPU")
        if settings.DEBUG:
            out("Lưu ý / note: THUCTHI_DEBUG=1 ghi lại mọi truy vấn, số đo sẽ cao hơn / logs every query, figures run high.")
        self.stdout.flush()

        report = bench.unit_run(cases, repeat=repeat, warmup=options["warmup"])

        width = max(len(c.label) for c in cases)
        header = f"{'truy vấn / query'.ljust(width)}  {'kết quả':>7}  {'ORM p50':>7}  {'ORM p95':>7}  {'SQL p50':>7}  {'SQL p95':>7}  {'ORM/SQL':>7}"
        out("")
        out(header)
        out(f"{'':{width}}  {'results':>7}  {'ms':>7}  {'ms':>7}  {'ms':>7}  {'ms':>7}  {'p50':>7}")
        out("-" * len(header))
        for t in report.timings:
            orm50, sql50 = bench.percentile(t.orm, 50), bench.percentile(t.sql, 50)
            out(
                f"{t.case.label.ljust(width)}  {t.count:>7}  {_ms(orm50)}  {_ms(bench.percentile(t.orm, 95))}  "
                f"{_ms(sql50)}  {_ms(bench.percentile(t.sql, 95))}  {orm50 / sql50:>6.2f}×"
            )
        out("-" * len(header))

        orm50, orm95 = bench.percentile(report.orm_all, 50), bench.percentile(report.orm_all, 95)
        sql50, sql95 = bench.percentile(report.sql_all, 50), bench.percentile(report.sql_all, 95)
        n = len(report.orm_all)
        out(
            f"Tổng / overall ({n} yêu cầu mỗi bên / requests each): ORM p50 {orm50 * 1000:.2f} ms, p95 {orm95 * 1000:.2f} ms"
            f" · SQL p50 {sql50 * 1000:.2f} ms, p95 {sql95 * 1000:.2f} ms · ORM/SQL p50 {orm50 / sql50:.2f}×, p95 {orm95 / sql95:.2f}×"
        )
        verdict = "ĐẠT / PASS" if orm95 * 1000 < bench.TARGET_P95_MS else "KHÔNG ĐẠT / FAIL"
        out(f"Mục tiêu / target: ORM p95 < {bench.TARGET_P95_MS:.0f} ms → {verdict} ({orm95 * 1000:.2f} ms)")
        out(f"Thời gian chạy / run time: {report.elapsed:.1f} s · tải máy cuối / load average after: {_load()}")
