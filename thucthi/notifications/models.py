"""In-app notifications, and the ledger that makes sending idempotent.

Every notification has a `key` unique per recipient (for example "overdue:42:2026-11-15"),
so a rule that runs twice, or a worker restarted mid-run, never notifies twice.

A notification is about a target of any model (a task today; a petition or a report later),
held as content type and id rather than a foreign key, so this app depends on no domain app:
the apps that notify depend on it. The web layer turns a target into the page to open.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from thucthi.core import clock


class Kind(models.TextChoices):
    REMINDER = "reminder", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATION = "escalation", _("Quá hạn kéo dài")
    INACTIVE = "inactive", _("Không có hoạt động")
    COORDINATION = "coordination", _("Đề nghị phối hợp")
    # What someone did (a task's step, a figure, a question): told at once to whoever must act next.
    TASK_EVENT = "task_event", _("Nhiệm vụ")
    NUDGE = "nudge", _("Nhắc việc")
    FIGURE_ENTERED = "figure_entered", _("Số liệu chờ duyệt")
    FIGURE_REVIEWED = "figure_review", _("Kết quả duyệt số liệu")
    QUESTION = "question", _("Chất vấn")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    message = models.CharField(max_length=500)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notifications_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_unread_idx"),
            models.Index(fields=["emailed_at", "recipient"], name="notifications_digest_idx"),
            models.Index(fields=["target_type", "target_id"], name="notifications_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message[:60]}"


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi e-mail ngay lập tức")
    DIGEST = "digest", _("Tổng hợp hằng ngày (một e-mail mỗi sáng)")
    NONE = "none", _("Không gửi e-mail")


class NotificationPreference(models.Model):
    """How a user wants to hear by e-mail; no row means the daily digest (the default)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    email = models.CharField(_("nhận e-mail"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.DIGEST)
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
