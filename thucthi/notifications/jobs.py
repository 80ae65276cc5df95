"""The notifications app's background job: e-mail at once those who chose it. NotificationsConfig.ready()
imports this module, which registers the job with the worker (`thucthi worker`)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from thucthi.notifications.services import email_now


@db_task()  # type: ignore[untyped-decorator]
def email_notifications(ids: list[int]) -> None:
    email_now(ids)
