from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from thucthi.indicators import backtest


class Command(BaseCommand):
    help = (
        "Kiểm tra ngược các phương pháp dự báo chỉ tiêu trên chuỗi số liệu công bố thật, so với dự báo giữ nguyên giá trị cuối. "
        "/ Backtest the indicator forecast methods on real published series against a naive last-value forecast."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--series-dir", type=Path, help="Thư mục chứa các tệp *.json / folder of *.json series files")

    def handle(self, *args: Any, **options: Any) -> None:
        buffer = io.StringIO()
        code = backtest.run(out=buffer, series_dir=options["series_dir"])
        self.stdout.write(buffer.getvalue(), ending="")
        if code:
            raise SystemExit(code)
