from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COUNCIL_OFFICE = "council_office", _("Văn phòng HĐND (giúp việc Thường trực)")
    COMMITTEE_OFFICE = "committee_office", _("Văn phòng UBND (giao và đôn đốc nhiệm vụ)")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    DELEGATE = "delegate", _("Đại biểu HĐND")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("người"), null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    # Set when the administrator gives the account a password (a one-time one above all): the user
    # changes it before doing anything else (`web.administration.middleware`).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        # Also the audit record's object_repr: no part of the secret, not even its first characters.
        return f"{self.name} ({self.user})"
