"""Background jobs. The worker (`thucthi worker`, started by `make run`) runs them; the
queue lives in SQLite under var/ by default and in Redis in production, so queued work
survives a restart.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thucthi.audit.services import audit_verify

log = logging.getLogger("thucthi.jobs")


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def worker_heartbeat() -> None:
    cache.set("thucthi:worker-heartbeat", timezone.now().isoformat(), 300)


@db_periodic_task(crontab(hour="2", minute="15"))  # type: ignore[untyped-decorator]
def audit_verify_nightly() -> None:
    """A broken chain should be found by the night job, not first by an inspector."""
    result = audit_verify()
    if result.ok:
        log.info("audit chain intact: %s records", result.checked)
    else:
        log.error("audit chain broken at #%s: %s", result.first_broken_seq, result.reason)


@db_periodic_task(crontab(hour="6", minute="0"))  # type: ignore[untyped-decorator]
def chase_tasks_daily() -> None:
    """Every morning: reminders, overdue notices, escalation, then one digest e-mail each."""
    from thucthi.notifications.services import send_digests
    from thucthi.tasks import reminders

    result = reminders.run()
    sent = send_digests()
    log.info("chasing: %s notifications, %s digests sent", result.total, sent)
