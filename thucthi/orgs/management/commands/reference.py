from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thucthi.orgs import reference


class Command(BaseCommand):
    help = (
        "Danh mục đơn vị hành chính: `reference load` nạp hoặc cập nhật (không nạp dữ liệu mẫu). "
        "/ Administrative units: `reference load` loads or updates them (no demo data)."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Nạp hoặc cập nhật danh mục / load or update the reference units")
        load.add_argument("--force", action="store_true", help="Nạp lại kể cả khi không đổi / reload even if unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        result = reference.load(force=options["force"])
        if result.skipped:
            self.stdout.write("Danh mục đơn vị: đã có, không đổi. / Reference units: unchanged.")
        else:
            self.stdout.write(
                f"Danh mục đơn vị: thêm {result.created}, cập nhật {result.updated}, kế thừa {result.successions}. "
                f"/ Reference units: {result.created} created, {result.updated} updated, {result.successions} successions."
            )
        for problem in result.problems:
            self.stderr.write(problem)
