"""In-app notifications, and the ledger that makes sending idempotent.

Every notification has a `key` unique per recipient (for example "overdue:42:2026-11-15"),
so a rule that runs twice, or a worker restarted mid-run, never notifies twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thucthi.core import clock


class Kind(models.TextChoices):
    REMINDER = "reminder", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATION = "escalation", _("Quá hạn kéo dài")
    INACTIVE = "inactive", _("Không có hoạt động")
    COORDINATION = "coordination", _("Đề nghị phối hợp")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
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
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message[:60]}"
