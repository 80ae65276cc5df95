from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý công việc nền (huey). / Run the background job worker (huey)."

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app registers its jobs in its AppConfig.ready() (core, tasks, audit), as in every process.
        # huey's autodiscovery would also import every app's `tasks` module, which here means the demo
        # data's `thucthi.demo.tasks` and, had it one, the tasks domain itself: it adds nothing, so it is off.
        call_command("run_huey", disable_autoload=True)
