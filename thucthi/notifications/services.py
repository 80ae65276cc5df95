"""Writing notifications, e-mailing them (at once or in the daily digest, as each user chose).

`notify_on_commit` is what a flow calls: the recipients are worked out inside the flow's
transaction, the notifications written only once it commits, so a flow that fails or rolls
back tells nobody anything. Whoever acted is never told about their own act.
"""

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
from thucthi.audit.services import audit_record
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.notifications.models import EmailChoice, Kind, Notification, NotificationPreference

log = logging.getLogger("thucthi.notifications")


def notify(*, recipients: Iterable[User], kind: Kind, key: str, message: str, target: models.Model | None = None) -> int:
    """Notify each recipient once per `key` about `target` (a task, …); returns how many
    notifications are new. Those who chose e-mail at once get it when the transaction commits."""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = target.pk if target is not None else None
    created: list[int] = []
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, kind=kind, key=key[:120], message=message[:500], target_type=target_type, target_id=target_id,
                )
            created.append(note.pk)
        except IntegrityError:
            continue  # already notified for this key: the rule ran before
    at_once = list(
        Notification.objects.filter(pk__in=created, recipient__notification_preference__email=EmailChoice.IMMEDIATE)
        .exclude(recipient__email="").values_list("pk", flat=True)
    )
    if at_once:
        transaction.on_commit(lambda: _queue_emails(at_once))
    return len(created)


def notify_on_commit(
    *, acted: User | None, recipients: Iterable[User], kind: Kind, key: str, message: str, target: models.Model | None = None,
) -> None:
    """Notify `recipients` (never the one who `acted`) once the current transaction commits; if
    it rolls back, nobody is told. The recipients are read now, inside the flow.

    Only a person's act is told: what the system records without one (history loaded from files,
    the demo's past) tells nobody; the morning chase writes its own notices with `notify`."""
    if acted is None:
        return
    people = [u for u in recipients if u.pk != acted.pk]
    if not people:
        return
    transaction.on_commit(lambda: notify(recipients=people, kind=kind, key=key, message=message, target=target))


def _queue_emails(ids: list[int]) -> None:
    from thucthi.notifications.jobs import email_notifications  # noqa: PLC0415 (the job module imports this one)

    email_notifications(ids)


def email_now(ids: Iterable[int]) -> int:
    """E-mail each notification on its own (for those who chose "at once"); run by the worker.
    A failure leaves it unsent, so the next morning's digest carries it."""
    sent = 0
    connection = get_connection()
    for n in Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True).select_related("recipient"):
        user = n.recipient
        if not user.email or not user.is_active:
            continue
        subject = _("Thực Thi: %(kind)s") % {"kind": n.get_kind_display()}
        body = "\n".join([_("Kính gửi %(name)s,") % {"name": user.display_name}, "", n.message, "",
                          _("Xem chi tiết trong Thực Thi, mục Thông báo.")])
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection).send()
        except OSError as exc:
            log.warning("notification e-mail to %s failed, left for the digest: %s", user.email, exc)
            continue
        Notification.objects.filter(pk=n.pk).update(emailed_at=clock.now())
        sent += 1
    return sent


@transaction.atomic
def preference_set(*, actor: User, email: str) -> NotificationPreference:
    """A user chooses how they hear by e-mail: at once, in the daily digest, or not at all."""
    if email not in EmailChoice.values:
        raise DomainError(_("Hãy chọn một cách nhận e-mail."), field="email")
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
    before = {"email": pref.email} if not _created else None
    pref.email, pref.updated_at = email, clock.now()
    pref.save(update_fields=["email", "updated_at"])
    audit_record(actor=actor, action="notifications.preference.set", obj=pref, before=before, after={"email": email})
    return pref


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
    # Those who chose no e-mail are left out; those who chose "at once" had theirs already, so
    # only what failed to go out is still pending for them.
    pending = (Notification.objects.filter(emailed_at__isnull=True).exclude(recipient__notification_preference__email=EmailChoice.NONE)
               .select_related("recipient").order_by("recipient_id", "created_at"))
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
