from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck

from thucthi.core.checks import database_ready


class Command(DjangoCheck):
    help = (
        "Kiểm tra cấu hình, cơ sở dữ liệu, hàng đợi công việc. / Check configuration, database and job queue "
        "(Django's system checks plus database reachability and pending migrations)."
    )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        problems = database_ready()
        for problem in problems:
            self.stderr.write(f"{problem.id}: {problem.msg}" + (f" ({problem.hint})" if problem.hint else ""))
        if any(p.is_serious() for p in problems):
            raise CommandError("Cơ sở dữ liệu chưa sẵn sàng. / The database is not ready.")
        self.stdout.write("Cấu hình hợp lệ. / Configuration OK.")
