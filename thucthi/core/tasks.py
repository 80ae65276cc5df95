"""Background jobs. The worker (`thucthi worker`, started by `make run`) runs them; the
queue lives in SQLite under var/ by default and in Redis in production, so queued work
survives a restart.

Only the worker's own heartbeat lives here: core knows no domain. Each app registers its own
jobs from its AppConfig.ready() (`thucthi/tasks/jobs.py`: the morning chase; `thucthi/audit/jobs.py`:
the nightly chain check), so every process, the worker included, has the same registry.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def worker_heartbeat() -> None:
    cache.set("thucthi:worker-heartbeat", timezone.now().isoformat(), 300)
