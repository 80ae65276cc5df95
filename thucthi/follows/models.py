"""Follows: anyone, with or without an account, may follow a resolution, a commitment or a
delegate by e-mail, and hears once a day what changed (double opt-in, one-click unsubscribe)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowState(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    ACTIVE = "active", _("Đang theo dõi")
    UNSUBSCRIBED = "unsubscribed", _("Đã hủy theo dõi")


class Follow(models.Model):
    """One address following one thing. Pending until the link in the confirmation e-mail is
    opened; nothing but that confirmation is ever sent to a pending address."""

    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    email = models.EmailField(_("thư điện tử"))
    state = models.CharField(_("tình trạng"), max_length=14, choices=FollowState.choices, default=FollowState.PENDING)
    # The site's address as the follower used it: the daily job has no request to build links from.
    base_url = models.CharField(max_length=200)
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # What the follower was last told about (item key → value): the next run e-mails the difference.
    fingerprint = models.JSONField(default=dict)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("theo dõi")
        verbose_name_plural = _("theo dõi")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["target_type", "target_id", "email"], name="follows_one_per_address")]
        indexes = [models.Index(fields=["state"], name="follows_state_idx")]

    def __str__(self) -> str:
        return f"{self.target_type.model} #{self.target_id}"


class FollowRequest(models.Model):
    """The ledger the rate limit counts: hashes only, never the address or the IP itself."""

    email_hash = models.CharField(max_length=64, db_index=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
