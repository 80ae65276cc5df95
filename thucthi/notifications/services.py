"""Writing notifications and sending the daily e-mail digest."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from thucthi.accounts.models import User
from thucthi.core import clock
from thucthi.notifications.models import Kind, Notification

log = logging.getLogger("thucthi.notifications")


def notify(*, recipients: Iterable[User], kind: Kind, key: str, message: str, target: models.Model | None = None) -> int:
    """Notify each recipient once per `key` about `target` (a task, …); returns how many
    notifications are new."""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = target.pk if target is not None else None
    created = 0
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, kind=kind, key=key[:120], message=message[:500], target_type=target_type, target_id=target_id,
                )
            created += 1
        except IntegrityError:
            continue  # already notified for this key: the rule ran before
    return created


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())


def send_digests() -> int:
    """One e-mail per person with everything not yet e-mailed, instead of a flood.

    A notification is marked e-mailed only after its message went out, so a failure is
    retried by the next run and a success is never repeated.
    """
    pending = Notification.objects.filter(emailed_at__isnull=True).select_related("recipient").order_by("recipient_id", "created_at")
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        if n.recipient.email and n.recipient.is_active:
            by_user[n.recipient_id].append(n)
    sent = 0
    connection = get_connection()
    for items in by_user.values():
        user = items[0].recipient
        today = clock.today()
        subject = _("Thực Thi: %(n)s thông báo ngày %(d)s") % {"n": len(items), "d": today.strftime("%d/%m/%Y")}
        lines = [_("Kính gửi %(name)s,") % {"name": user.display_name}, ""]
        for n in items:
            lines.append(f"- [{n.get_kind_display()}] {n.message}")
        lines += ["", _("Xem chi tiết trong Thực Thi, mục Thông báo.")]
        email = EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
        try:
            email.send()
        except OSError as exc:
            log.warning("digest to %s failed, will retry: %s", user.email, exc)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=clock.now())
        sent += 1
    return sent
