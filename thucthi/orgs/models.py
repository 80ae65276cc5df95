"""Administrative units, agencies, people and their positions — all effective-dated.

Nothing here is ever deleted. Reorganisation (the 2025 merger of 63 provinces into 34 and
the abolition of districts) is recorded as `Succession` links, so a task keeps the unit it
was assigned to and the selectors can tell who holds that unit's duties today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thucthi.core.text import fold, normalize, search_document, sort_key


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    STANDING_COMMITTEE = "standing_committee", _("Thường trực HĐND")
    COUNCIL_COMMITTEE = "council_committee", _("Ban của HĐND")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ngành")
    AGENCY = "agency", _("Cơ quan, đơn vị khác")


ADMIN_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def administrative(self) -> UnitQuerySet:
        return self.filter(kind__in=ADMIN_KINDS)


class Unit(models.Model):
    """An administrative unit (tỉnh, huyện, xã) or an agency (HĐND, UBND, sở …)."""

    code = models.CharField(_("mã"), max_length=80, unique=True)
    gso_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True, db_index=True)
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices, db_index=True)
    division_type = models.CharField(_("cấp, loại hình"), max_length=40, blank=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The administrative unit an agency serves (Sở Tài chính → tỉnh Hưng Yên); for an
    # administrative unit, itself. Lets one filter find a province's whole apparatus.
    area = models.ForeignKey(
        "self", verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Folded names with a leading space, so " term" matches at the start of a word.
    search_text = models.TextField(editable=False, default="")
    # The proper name folded ("hung yen"), to rank exact and prefix matches first.
    name_folded = models.CharField(max_length=200, editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["kind", "sort_key"], name="orgs_unit_kind_sort_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.search_text:
            self.refresh_derived()
        super().save(*args, **kwargs)

    @property
    def is_administrative(self) -> bool:
        return self.kind in ADMIN_KINDS

    def is_valid_on(self, day: dt.date) -> bool:
        return self.is_valid_between(day, day)

    def is_valid_between(self, first: dt.date, last: dt.date) -> bool:
        """Whether the unit was in force on some day from `first` to `last` (a reporting period)."""
        return (self.valid_from is None or self.valid_from <= last) and (self.valid_to is None or self.valid_to >= first)

    def refresh_derived(self, area_name: str = "") -> None:
        """Recompute the stored search text and collation key from the names."""
        self.name = normalize(self.name)
        self.short_name = normalize(self.short_name)
        self.search_text = " " + search_document(self.name, self.short_name, self.abbreviation, self.gso_code, area_name)
        self.name_folded = fold(self.short_name or self.name)[:200]
        self.sort_key = sort_key(self.short_name or self.name)[:600]



class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập, hợp nhất")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển giao nhiệm vụ")


class Succession(models.Model):
    """`successor` takes over (part of) `predecessor`'s territory or duties on `effective_date`."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(_("hình thức"), max_length=12, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa")
        ordering = ["effective_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "effective_date"], name="orgs_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="orgs_succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class Person(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=400, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("người")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = normalize(self.full_name)
        self.search_text = " " + search_document(self.full_name)
        # Vietnamese names sort by given name (the last word), then the whole name.
        given = self.full_name.rsplit(" ", 1)[-1]
        self.sort_key = (sort_key(given) + "9" + sort_key(self.full_name))[:400]
        super().save(*args, **kwargs)


class PositionRole(models.TextChoices):
    HEAD = "head", _("Người đứng đầu")
    DEPUTY = "deputy", _("Cấp phó")
    MEMBER = "member", _("Thành viên")
    DELEGATE = "delegate", _("Đại biểu")
    STAFF = "staff", _("Cán bộ, công chức")


class DatePrecision(models.TextChoices):
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")
    YEAR = "year", _("năm")


class Position(models.Model):
    """A person's post in a unit over a period (Popolo's Membership).

    Sources often give only the year someone took office; the precision fields say so
    instead of inventing a day.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("chức vụ"), max_length=150)
    role = models.CharField(_("vai trò"), max_length=12, choices=PositionRole.choices)
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit_id", "role", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="orgs_position_valid_range",
            ),
            models.UniqueConstraint(fields=["person", "unit", "title", "start"], name="orgs_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"

    def is_held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


class ReferenceDataset(models.Model):
    """Which version of a shipped data set is loaded, so loading again is a no-op."""

    name = models.CharField(max_length=80, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name
