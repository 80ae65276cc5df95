"""The follows' background job. FollowsConfig.ready() imports this module, which registers it
with the worker (`thucthi worker`)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thucthi.follows.services import send_updates

log = logging.getLogger("thucthi.jobs")


@db_periodic_task(crontab(hour="6", minute="30"))  # type: ignore[untyped-decorator]
def follows_send_updates_daily() -> None:
    """Every morning, after the tasks' chase (06:00) has marked what fell overdue."""
    sent = send_updates()
    log.info("follows: %s update e-mails sent", sent)
