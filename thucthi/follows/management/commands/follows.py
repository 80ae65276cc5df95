from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thucthi.core import clock
from thucthi.follows.services import send_updates


class Command(BaseCommand):
    help = (
        "Theo dõi: `follows send` gửi thư cập nhật cho người theo dõi (chạy lại không gửi trùng). "
        "/ Follows: `follows send` e-mails followers what changed (safe to run twice)."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Gửi thư cập nhật một lần / send the updates once")
        send.add_argument("--date", help="Chạy như vào ngày YYYY-MM-DD / run as on that day")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ, dùng YYYY-MM-DD. / Invalid date, use YYYY-MM-DD.") from exc
        with clock.frozen(day) if day else nullcontext():
            sent = send_updates()
        self.stdout.write(f"Đã gửi {sent} thư cập nhật. / {sent} update e-mails sent.")
