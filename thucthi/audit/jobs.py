"""The audit trail's background job. AuditConfig.ready() imports this module, which registers it
with the worker (`thucthi worker`)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thucthi.audit.services import audit_verify

log = logging.getLogger("thucthi.jobs")


@db_periodic_task(crontab(hour="2", minute="15"))  # type: ignore[untyped-decorator]
def audit_verify_nightly() -> None:
    """A broken chain should be found by the night job, not first by an inspector."""
    result = audit_verify()
    if result.ok:
        log.info("audit chain intact: %s records", result.checked)
    else:
        log.error("audit chain broken at #%s: %s", result.first_broken_seq, result.reason)
