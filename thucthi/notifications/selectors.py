"""Reads on notifications: a user's own, newest first, and what each one points at."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from thucthi.accounts.models import User
from thucthi.notifications.models import EmailChoice, Notification, NotificationPreference


def notifications_of(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (only the unread ones if asked). Nobody sees another's."""
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def email_choice(user: User) -> str:
    """How the user chose to hear by e-mail; the daily digest unless they chose otherwise."""
    chosen = NotificationPreference.objects.filter(user=user).values_list("email", flat=True).first()
    return chosen or EmailChoice.DIGEST.value


def unread_count(recipient_id: int) -> int:
    """How many of a user's notifications are not yet read (the badge on every page)."""
    return Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True).count()


def target_label(notification: Notification) -> str | None:
    """The model label of what the notification points at ("tasks.task"), or None if it points
    at nothing. Content types come from Django's cache: a page of notifications asks once at most."""
    if notification.target_type_id is None or notification.target_id is None:
        return None
    model = ContentType.objects.get_for_id(notification.target_type_id).model_class()
    return model._meta.label_lower if model is not None else None
