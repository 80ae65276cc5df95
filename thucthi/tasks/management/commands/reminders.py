from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thucthi.core import clock
from thucthi.notifications.services import send_digests
from thucthi.tasks import reminders


class Command(BaseCommand):
    help = (
        "Đôn đốc nhiệm vụ: `reminders run` gửi nhắc hạn, báo quá hạn, báo cáo cấp trên và thư tổng hợp. "
        "/ Chase tasks: `reminders run` sends reminders, overdue notices, escalations and the digest e-mails."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Chạy các quy tắc đôn đốc một lần / run the chasing rules once")
        run.add_argument("--date", help="Chạy như vào ngày YYYY-MM-DD / run as on that day")
        run.add_argument("--no-email", action="store_true", help="Không gửi thư / do not send the digests")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ, dùng YYYY-MM-DD. / Invalid date, use YYYY-MM-DD.") from exc
        with clock.frozen(day) if day else _nothing():
            result = reminders.run()
            sent = 0 if options["no_email"] else send_digests()
        self.stdout.write(
            f"Nhắc hạn {result.reminders}, quá hạn {result.overdue}, báo cáo cấp trên {result.escalations}, "
            f"không hoạt động {result.inactive}, phối hợp {result.coordination}; thư đã gửi {sent}. "
            f"/ reminders {result.reminders}, overdue {result.overdue}, escalations {result.escalations}, "
            f"inactive {result.inactive}, coordination {result.coordination}; digests sent {sent}."
        )


def _nothing() -> Any:
    return nullcontext()
