"""`thucthi`: the operators' command. Each subcommand is a Django management command, so
`python manage.py demo` and `thucthi demo` are the same thing.
"""

from __future__ import annotations

import os
import sys

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line
from django.db.utils import OperationalError

COMMANDS: list[tuple[str, str, str]] = [
    ("serve", "Chạy máy chủ web và tiến trình nền (cài CSDL, dữ liệu mẫu nếu thiếu)", "Run the web server and the job worker (migrates and loads demo data first)"),
    ("worker", "Chạy riêng tiến trình xử lý công việc nền", "Run the background job worker only"),
    ("demo", "Nạp hoặc làm mới dữ liệu mẫu (chạy lại không thay đổi gì)", "Load or refresh the demo data (idempotent)"),
    ("reference load", "Nạp danh mục đơn vị hành chính (không kèm dữ liệu mẫu)", "Load the administrative units only (no demo data)"),
    ("audit verify", "Kiểm tra toàn vẹn chuỗi nhật ký kiểm toán", "Verify the audit trail's hash chain"),
    ("check", "Kiểm tra cấu hình, cơ sở dữ liệu và hàng đợi", "Check configuration, database and job queue"),
    ("token create USERNAME", "Cấp mã truy cập API cho một tài khoản", "Print a new API token for a user"),
    ("reminders run", "Đôn đốc: nhắc hạn, báo quá hạn, báo cáo cấp trên, gửi thư tổng hợp", "Chase tasks: reminders, overdue notices, escalation, digest e-mails"),
    ("follows send", "Gửi thư cập nhật cho người theo dõi (chạy lại không gửi trùng)", "E-mail followers what changed (safe to run twice)"),
    ("bench units", "Đo tốc độ tìm kiếm đơn vị (p50/p95, so với SQL thuần)", "Benchmark the unit search (p50/p95 against raw SQL)"),
    ("bench tasks", "Đo tốc độ nhiệm vụ ở quy mô toàn quốc (1 triệu nhiệm vụ, PostgreSQL)", "Benchmark tasks at national scale (1M tasks, PostgreSQL)"),
    ("bench indicators", "Đo tốc độ bảng chỉ tiêu của tỉnh và số tổng hợp cả nước (PostgreSQL)", "Benchmark the province indicator dashboard and national aggregates (PostgreSQL)"),
    ("indicator_backtest", "Kiểm tra ngược các phương pháp dự báo chỉ tiêu trên số liệu thật đã công bố", "Backtest the indicator forecast methods on real published series"),
    ("migrate", "Cập nhật cấu trúc cơ sở dữ liệu", "Apply database migrations"),
]


def usage() -> str:
    lines = [
        "thucthi — Thực Thi: theo dõi thực hiện nghị quyết, nhiệm vụ / tracking council resolutions into delivered work",
        "",
        "Cách dùng / Usage: thucthi LỆNH [tùy chọn]   (thucthi LỆNH --help: chi tiết / details)",
        "",
        "Lệnh / Commands:",
    ]
    width = max(len(name) for name, _, _ in COMMANDS)
    for name, vi, en in COMMANDS:
        lines.append(f"  {name.ljust(width)}  {vi}")
        lines.append(f"  {' ' * width}  {en}")
    lines += ["", "Mọi lệnh quản trị Django khác cũng dùng được / Any other Django management command works too."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thucthi.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"thucthi: {exc}", file=sys.stderr)
        return 2
    try:
        execute_from_command_line(argv)
    except OperationalError as exc:
        print(f"thucthi: không kết nối được cơ sở dữ liệu / cannot reach the database: {exc}".strip(), file=sys.stderr)
        return 2
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def entry_point() -> None:
    sys.exit(main())
