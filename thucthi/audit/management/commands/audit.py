from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thucthi.audit.services import audit_verify


class Command(BaseCommand):
    help = "Nhật ký kiểm toán: `audit verify` kiểm tra chuỗi băm. / Audit trail: `audit verify` checks the hash chain."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Kiểm tra toàn vẹn chuỗi nhật ký / verify the hash chain")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if result.ok:
            self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {result.checked} bản ghi. / Audit chain intact: {result.checked} records.")
            return
        where = f"tại bản ghi #{result.first_broken_seq}" if result.first_broken_seq else "ở cuối chuỗi"
        raise CommandError(
            f"Chuỗi nhật ký bị phá vỡ {where}: {result.reason}. Đã kiểm tra đúng {result.checked} bản ghi trước đó. "
            f"/ Audit chain broken at record #{result.first_broken_seq}."
        )
