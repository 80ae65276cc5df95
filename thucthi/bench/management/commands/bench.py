"""`thucthi bench units|tasks|indicators`: how fast the main pages answer, next to hand-written SQL.

`units`: the unit search on the reference directory. `tasks`: an officer's inbox, the
issuer's board and a province's scorecard on a generated national data set (a million
tasks by default; see thucthi/bench/task_pages.py). `indicators`: a province's indicator dashboard
and national aggregates on 10 years of monthly actuals (see thucthi/bench/indicator_pages.py).

A measurement, not a test: it exits 0 whether or not a target is met. It exits 1 only
when the hand-written SQL and the selector disagree, because then the comparison is void.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from thucthi.bench import common, indicator_pages, task_pages, units
from thucthi.core import clock
from thucthi.core.checks import database_ready
from thucthi.demo import loader
from thucthi.orgs import reference
from thucthi.orgs.models import Unit, UnitKind
from thucthi.tasks.models import Task

MIN_UNITS = 10_000  # below this the reference data is not loaded


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f}"


class Command(BaseCommand):
    help = "Đo tốc độ các truy vấn chính (p50/p95, so với SQL viết tay). / Benchmark the main queries (p50/p95 against hand-written SQL)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="target", required=True, metavar="{units,tasks,indicators}", help="Phép đo / benchmark")
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

        tasks = sub.add_parser(
            "tasks",
            help="Hộp việc, bảng theo dõi, bảng xếp hạng trên 1 triệu nhiệm vụ / inbox, issuer board, scorecard on a million tasks",
            description=(
                "Sinh dữ liệu cấp quốc gia (34 tỉnh; mặc định 1.000.000 nhiệm vụ) rồi đo hộp việc, bảng theo dõi của "
                "Văn phòng UBND và bảng xếp hạng một tỉnh, so với SQL viết tay. Cần PostgreSQL (SQLite: tối đa "
                f"{task_pages.SQLITE_MAX_TASKS:,} nhiệm vụ). / Generates national-scale data, then times the inbox, the "
                "issuer's board and a province's scorecard against hand-written SQL. Needs PostgreSQL "
                f"(SQLite: {task_pages.SQLITE_MAX_TASKS:,} tasks at most)."
            ).replace(",", "."),
        )
        tasks.add_argument(
            "--tasks", type=int, default=task_pages.DEFAULT_TASKS, metavar="N",
            help="Số nhiệm vụ sinh ra (mặc định 1.000.000) / tasks to generate (default 1,000,000)",
        )
        tasks.add_argument(
            "--reuse", action="store_true",
            help="Dùng lại dữ liệu đã sinh nếu có / keep the generated data if it is there (skip generation)",
        )
        tasks.add_argument(
            "--drop", action="store_true",
            help="Xóa toàn bộ dữ liệu đã sinh rồi thoát / delete all generated data and exit",
        )
        tasks.add_argument(
            "--repeat", type=int, default=5, metavar="R",
            help="Số lần đo mỗi yêu cầu (mặc định 5) / timed runs per request (default 5)",
        )
        tasks.add_argument(
            "--warmup", type=int, default=1, metavar="N",
            help="Số vòng chạy thử không tính giờ (mặc định 1) / untimed warm-up rounds (default 1)",
        )
        tasks.add_argument(
            "--officers", type=int, default=200, metavar="N",
            help="Số đơn vị lấy mẫu cho hộp việc (mặc định 200) / departments sampled for the inbox (default 200)",
        )
        tasks.add_argument(
            "--seed", type=int, default=2025, metavar="N",
            help="Hạt giống ngẫu nhiên (mặc định 2025) / random seed of the data and the sample (default 2025)",
        )
        tasks.add_argument(
            "--generate-only", action="store_true",
            help="Chỉ sinh dữ liệu, không đo / generate the data, do not time anything",
        )
        tasks.add_argument(
            "--show-sql", action="store_true",
            help="In câu SQL viết tay của mỗi loại yêu cầu / print the hand-written SQL of each kind of request",
        )
        indicator_pages.add_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["target"] == "units":
            self.units(options)
        elif options["target"] == "tasks":
            self.tasks(options)
        elif options["target"] == "indicators":
            indicator_pages.command(self, options)

    # --- units --------------------------------------------------------------------------

    def ensure_units(self) -> int:
        problems = [p for p in database_ready() if p.is_serious() or p.id == "thucthi.W001"]
        if problems:
            raise CommandError(f"{problems[0].msg} {problems[0].hint or ''}".strip() + " / The database is not ready: run `thucthi migrate`.")
        count = Unit.objects.count()
        if count < MIN_UNITS:
            self.stdout.write(
                f"Chỉ có {count} đơn vị: đang nạp danh mục và dữ liệu mẫu (thucthi demo)… "
                f"/ Only {count} units: loading the reference and demo data…"
            )
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
        cases = units.unit_cases(options["queries"], kind=options["kind"], valid_on=options["valid_on"])
        out = self.stdout.write

        if options["show_sql"]:
            count_sql, count_params, page_sql, page_params = units.unit_search_sql(cases[0])
            out(f"-- {cases[0].label}\n{count_sql};\n-- {count_params}\n{page_sql};\n-- {page_params}\n")

        # Before timing anything: the baseline must be the same answer, or the ratio means nothing.
        mismatches = units.unit_mismatches(cases)
        if mismatches:
            for m in mismatches:
                self.stderr.write(f"  {m}")
            raise CommandError(
                f"SQL viết tay và unit_list cho kết quả khác nhau ở {len(mismatches)}/{len(cases)} truy vấn; "
                "sửa SQL trong thucthi/bench/units.py cho khớp selector. / The hand-written SQL and unit_list disagree: "
                "fix the SQL in thucthi/bench/units.py to match the selector."
            )

        notes = units.prepare_database()
        version = common.database_version()
        out("Tìm kiếm đơn vị / Unit search: selectors.unit_list(q, kind, valid_on) → count() + 50 dòng đầu / first 50 rows")
        out(f"CSDL / database: {connection.vendor} {version} · {rows:,} đơn vị / units".replace(",", "."))
        out(f"{len(cases)} truy vấn × {repeat} lần (+{options['warmup']} vòng chạy thử) / queries × runs (+ warm-up rounds); "
            "SQL = cùng kết quả, đã kiểm tra / same answer, checked")
        for note in notes:
            out(f"  {note}")
        out(f"Tải máy / load average (1, 5, 15 min): {common.load_average()} · {os.cpu_count()} CPU")
        if settings.DEBUG:
            out("Lưu ý / note: THUCTHI_DEBUG=1 ghi lại mọi truy vấn, số đo sẽ cao hơn / logs every query, figures run high.")
        self.stdout.flush()

        report = units.unit_run(cases, repeat=repeat, warmup=options["warmup"])

        width = max(len(c.label) for c in cases)
        header = f"{'truy vấn / query'.ljust(width)}  {'kết quả':>7}  {'ORM p50':>7}  {'ORM p95':>7}  {'SQL p50':>7}  {'SQL p95':>7}  {'ORM/SQL':>7}"
        out("")
        out(header)
        out(f"{'':{width}}  {'results':>7}  {'ms':>7}  {'ms':>7}  {'ms':>7}  {'ms':>7}  {'p50':>7}")
        out("-" * len(header))
        for t in report.timings:
            orm50, sql50 = common.percentile(t.orm, 50), common.percentile(t.sql, 50)
            out(
                f"{t.case.label.ljust(width)}  {t.count:>7}  {_ms(orm50)}  {_ms(common.percentile(t.orm, 95))}  "
                f"{_ms(sql50)}  {_ms(common.percentile(t.sql, 95))}  {orm50 / sql50:>6.2f}×"
            )
        out("-" * len(header))

        orm50, orm95 = common.percentile(report.orm_all, 50), common.percentile(report.orm_all, 95)
        sql50, sql95 = common.percentile(report.sql_all, 50), common.percentile(report.sql_all, 95)
        n = len(report.orm_all)
        out(
            f"Tổng / overall ({n} yêu cầu mỗi bên / requests each): ORM p50 {orm50 * 1000:.2f} ms, p95 {orm95 * 1000:.2f} ms"
            f" · SQL p50 {sql50 * 1000:.2f} ms, p95 {sql95 * 1000:.2f} ms · ORM/SQL p50 {orm50 / sql50:.2f}×, p95 {orm95 / sql95:.2f}×"
        )
        verdict = "ĐẠT / PASS" if orm95 * 1000 < units.TARGET_P95_MS else "KHÔNG ĐẠT / FAIL"
        out(f"Mục tiêu / target: ORM p95 < {units.TARGET_P95_MS:.0f} ms → {verdict} ({orm95 * 1000:.2f} ms)")
        out(f"Thời gian chạy / run time: {report.elapsed:.1f} s · tải máy cuối / load average after: {common.load_average()}")

    # --- tasks --------------------------------------------------------------------------

    def ensure_reference(self) -> None:
        problems = [p for p in database_ready() if p.is_serious() or p.id == "thucthi.W001"]
        if problems:
            raise CommandError(f"{problems[0].msg} {problems[0].hint or ''}".strip() + " / The database is not ready: run `thucthi migrate`.")
        if not Unit.objects.filter(kind=UnitKind.PROVINCE).exists():
            self.stdout.write("Chưa có danh mục đơn vị: đang nạp (thucthi reference load)… / No units yet: loading the reference…")
            reference.load()

    def tasks(self, options: dict[str, Any]) -> None:
        n: int = options["tasks"]
        repeat: int = options["repeat"]
        out = self.stdout.write
        if n < 1 or repeat < 1 or options["warmup"] < 0 or options["officers"] < 1:
            raise CommandError("--tasks, --repeat, --officers phải ≥ 1, --warmup ≥ 0. / --tasks, --repeat, --officers must be ≥ 1, --warmup ≥ 0.")
        if options["drop"]:
            deleted = task_pages.drop()
            summary = ", ".join(f"{table} {count:,}".replace(",", ".") for table, count in deleted.items()) or "không có gì / nothing"
            out(f"Đã xóa dữ liệu sinh ra / deleted the generated data: {summary}")
            return
        self.ensure_reference()
        today = clock.today()
        existing = task_pages.bench_data()
        reuse = options["reuse"] and existing.present
        if connection.vendor == "sqlite":
            size = existing.tasks if reuse else n
            if size > task_pages.SQLITE_MAX_TASKS:
                raise CommandError(
                    f"SQLite chỉ dùng cho lần chạy nhanh (--tasks ≤ {task_pages.SQLITE_MAX_TASKS:,}); phép đo cấp quốc gia cần "
                    "PostgreSQL: DATABASE_URL=postgres://người-dùng@máy:5432/tên thucthi bench tasks. / SQLite is for a quick "
                    f"run only (--tasks ≤ {task_pages.SQLITE_MAX_TASKS:,}); the national-scale benchmark needs PostgreSQL: "
                    "set DATABASE_URL=postgres://user@host:5432/name.".replace(",", ".")
                )
        elif connection.vendor != "postgresql":
            raise CommandError(f"Không hỗ trợ / unsupported database: {connection.vendor}")

        if reuse:
            def dots(n: int) -> str:
                return f"{n:,}".replace(",", ".")

            out(
                f"Dùng lại dữ liệu đã sinh / reusing the generated data: {dots(existing.tasks)} nhiệm vụ / tasks, "
                f"{dots(existing.units)} đơn vị / units, {dots(existing.persons)} người / people"
            )
            if n not in (existing.tasks, task_pages.DEFAULT_TASKS):
                out(f"  (--tasks {n:,} bỏ qua / ignored: bỏ --reuse để sinh lại / drop --reuse to regenerate)".replace(",", "."))
            generated = None
        else:
            if options["reuse"]:
                out("Chưa có dữ liệu sinh sẵn: sinh mới. / No generated data yet: generating.")
            out(f"Sinh dữ liệu / generating: {n:,}".replace(",", ".") + f" nhiệm vụ / tasks, seed {options['seed']}…")
            self.stdout.flush()
            try:
                generated = task_pages.generate(
                    n, today=today, seed=options["seed"], on_progress=lambda text: (out(f"  {text}"), self.stdout.flush())[0]
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            rows = " · ".join(f"{table} {count:,}".replace(",", ".") for table, count in sorted(generated.rows.items()))
            phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in generated.seconds.items())
            out(f"Thời gian sinh dữ liệu / generation time: {generated.total_seconds:.1f} s ({phases})")
            out(f"  {rows}")
        if options["generate_only"]:
            return

        plans = task_pages.provinces(today)
        cases = task_pages.build_cases(plans, officers=options["officers"], seed=options["seed"])
        if options["show_sql"]:
            shown: set[str] = set()
            for case in cases:
                kind = task_pages.kind_of(case)
                if kind in shown:
                    continue
                shown.add(kind)
                if isinstance(case, task_pages.InboxCase):
                    sql, params = task_pages.inbox_sql(case, today)
                    out(f"-- {kind}: {case.label}\n{sql};\n-- {params}\n")
                elif isinstance(case, task_pages.BoardCase):
                    counts_sql, counts_params, page_sql, page_params = task_pages.board_sql(case, today)
                    out(f"-- {kind}: {case.label}\n{counts_sql};\n-- {counts_params}\n{page_sql};\n-- {page_params}\n")
                else:
                    sql, params = task_pages.scorecard_sql(case, today)
                    out(f"-- {kind}: {case.label}\n{sql};\n-- {params}\n")

        # Before timing anything: the baseline must be the same answer, or the ratio means nothing.
        out(f"Kiểm tra SQL viết tay cho cùng kết quả / checking the SQL gives the same answers ({len(cases)} yêu cầu / requests)…")
        self.stdout.flush()
        mismatches = task_pages.mismatches(cases, today)
        if mismatches:
            for m in mismatches[:20]:
                self.stderr.write(f"  {m}")
            raise CommandError(
                f"SQL viết tay và selector cho kết quả khác nhau ở {len(mismatches)}/{len(cases)} yêu cầu; sửa SQL trong "
                "thucthi/bench/task_pages.py cho khớp selector. / The hand-written SQL and the selectors disagree: fix the SQL "
                "in thucthi/bench/task_pages.py to match the selectors."
            )

        version = common.database_version()
        out("")
        out("Nhiệm vụ / Tasks: hộp việc, bảng theo dõi, bảng xếp hạng — selector (ORM) so với SQL viết tay / selectors against hand-written SQL")
        total = f"{Task.objects.count():,}".replace(",", ".")
        out(f"CSDL / database: {connection.vendor} {version} · {total} nhiệm vụ / tasks · ngày / today {today:%d/%m/%Y}")
        out(
            "  (a) hộp việc / inbox: selectors.inbox_page [lọc quá hạn / overdue filter] (câu lệnh biên dịch một lần, 50 dòng đầu và tổng số / statement compiled once, first 50 and the total); "
            f"{sum(1 for c in cases if isinstance(c, task_pages.InboxCase)) // len(task_pages.INBOX_VARIANTS)} cán bộ của các đơn vị khác nhau / officers of different units"
        )
        out("  (b) bảng theo dõi / issuer board: selectors.issuer_board (đếm theo trạng thái / counts by status) + count() + 50 dòng / first 50, Văn phòng UBND tỉnh / committee office")
        out(f"  (c) bảng xếp hạng / scorecard: scorecard_rows(period={task_pages.SCORECARD_PERIOD}, area=tỉnh / province) — đếm trong CSDL, như trang / counted in the database, as the page does")
        out(f"{repeat} lần mỗi yêu cầu (+{options['warmup']} vòng chạy thử) / runs per request (+ warm-up rounds); SQL = cùng kết quả, đã kiểm tra / same answer, checked")
        out(f"Tải máy / load average (1, 5, 15 min): {common.load_average()} · {os.cpu_count()} CPU")
        if settings.DEBUG:
            out("Lưu ý / note: THUCTHI_DEBUG=1 ghi lại mọi truy vấn, số đo sẽ cao hơn / logs every query, figures run high.")
        self.stdout.flush()

        report = task_pages.run(cases, today=today, repeat=repeat, warmup=options["warmup"])

        groups = report.groups()
        width = max(len(g.name) for g in groups)
        header = (
            f"{'yêu cầu / request'.ljust(width)}  {'số':>5}  {'kết quả':>8}  {'ORM p50':>8}  {'ORM p95':>8}  "
            f"{'SQL p50':>8}  {'SQL p95':>8}  {'ORM/SQL':>7}"
        )
        out("")
        out(header)
        out(f"{'':{width}}  {'cases':>5}  {'results':>8}  {'ms':>8}  {'ms':>8}  {'ms':>8}  {'ms':>8}  {'p50':>7}")
        out("-" * len(header))
        for g in groups:
            orm50, sql50 = g.p("orm", 50), g.p("sql", 50)
            out(
                f"{g.name.ljust(width)}  {len(g.timings):>5}  {g.mean_size:>8.0f}  {orm50 * 1000:8.2f}  {g.p('orm', 95) * 1000:8.2f}  "
                f"{sql50 * 1000:8.2f}  {g.p('sql', 95) * 1000:8.2f}  {orm50 / sql50:>6.2f}×"
            )
        out("-" * len(header))
        out("(kết quả / results: hộp việc, bảng theo dõi — số nhiệm vụ trung bình / mean tasks listed; bảng xếp hạng — số đơn vị / units ranked)")
        out("")
        verdicts: list[tuple[str, bool, str]] = []
        for kind in ("inbox", "board", "scorecard"):
            g = report.overall(kind)
            if not g.timings:
                continue
            orm50, orm95, sql50, sql95 = g.p("orm", 50), g.p("orm", 95), g.p("sql", 50), g.p("sql", 95)
            out(
                f"{kind} ({len(g.orm)} yêu cầu mỗi bên / requests each): ORM p50 {orm50 * 1000:.2f} ms, p95 {orm95 * 1000:.2f} ms"
                f" · SQL p50 {sql50 * 1000:.2f} ms, p95 {sql95 * 1000:.2f} ms · ORM/SQL p50 {orm50 / sql50:.2f}×, p95 {orm95 / sql95:.2f}×"
            )
            if kind == "inbox":
                verdicts.append((f"hộp việc / inbox ORM p95 ≤ {task_pages.TARGET_INBOX_P95_MS:.0f} ms", orm95 * 1000 <= task_pages.TARGET_INBOX_P95_MS, f"{orm95 * 1000:.2f} ms"))
            if kind == "scorecard":
                verdicts.append((f"bảng xếp hạng / scorecard ORM p95 ≤ {task_pages.TARGET_SCORECARD_P95_MS:.0f} ms", orm95 * 1000 <= task_pages.TARGET_SCORECARD_P95_MS, f"{orm95 * 1000:.2f} ms"))
            verdicts.append((f"{kind} ORM/SQL p50 ≤ {task_pages.TARGET_RATIO}×", orm50 / sql50 <= task_pages.TARGET_RATIO, f"{orm50 / sql50:.2f}×"))
        common.print_verdicts(out, verdicts, generated_seconds=generated.total_seconds if generated is not None else None, elapsed=report.elapsed)
