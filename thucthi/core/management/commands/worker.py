from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý công việc nền (huey). / Run the background job worker (huey)."

    def handle(self, *args: Any, **options: Any) -> None:
        import thucthi.core.tasks  # noqa: F401  (registers the jobs)

        call_command("run_huey")
