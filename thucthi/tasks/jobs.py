"""The tasks app's background jobs. TasksConfig.ready() imports this module, which registers them
with the worker (`thucthi worker`).

Not named `tasks.py`: djhuey's consumer autodiscovers a module called `tasks` in every app, which
here would be `thucthi.tasks.tasks`, a name that reads as the domain rather than the queue; ready()
registers the jobs the same way in every process instead.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thucthi.notifications.services import send_digests
from thucthi.tasks import reminders

log = logging.getLogger("thucthi.jobs")


@db_periodic_task(crontab(hour="6", minute="0"))  # type: ignore[untyped-decorator]
def chase_tasks_daily() -> None:
    """Every morning: reminders, overdue notices, escalation, then one digest e-mail each."""
    result = reminders.run()
    sent = send_digests()
    log.info("chasing: %s notifications, %s digests sent", result.total, sent)
