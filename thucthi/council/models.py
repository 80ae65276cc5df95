"""Council terms, sessions and resolutions (Popolo: Organization, Event; OCD: Bill/Motion)."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thucthi.orgs.models import Unit


class Term(models.Model):
    council = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="terms", limit_choices_to={"kind": "peoples_council"})
    number = models.PositiveSmallIntegerField(_("khóa"))
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    end = models.DateField(_("kết thúc"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    delegates_total = models.PositiveSmallIntegerField(_("tổng số đại biểu"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khóa")
        verbose_name_plural = _("khóa")
        ordering = ["council_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="council_term_unique")]

    def __str__(self) -> str:
        return f"{self.council} khóa {self.roman} ({self.start_year}–{self.end_year})"

    @property
    def roman(self) -> str:
        return to_roman(self.number)


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Thường lệ")
    THEMATIC = "thematic", _("Chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Bất thường")


class Session(models.Model):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("kỳ họp thứ"))
    kind = models.CharField(_("loại kỳ họp"), max_length=16, choices=SessionKind.choices, default=SessionKind.REGULAR)
    start = models.DateField(_("khai mạc"))
    end = models.DateField(_("bế mạc"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    dates_are_sample = models.BooleanField(_("ngày họp là mẫu"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="council_session_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="council_session_dates"),
        ]

    def __str__(self) -> str:
        return f"Kỳ họp thứ {self.number}, {self.term}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# Decree 34/2016 and Law 80/2015: normative resolutions are numbered NN/YYYY/NQ-HĐND,
# the others NN/NQ-HĐND; numbers run per council and year.
RESOLUTION_NUMBER = re.compile(r"^(?P<seq>\d{1,4})/(?:(?P<year>\d{4})/)?NQ-HĐND$")


class Resolution(models.Model):
    council = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resolutions")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions")
    number = models.CharField(_("số, ký hiệu"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm"))
    legal_normative = models.BooleanField(_("văn bản quy phạm pháp luật"), default=False)
    adopted_on = models.DateField(_("ngày thông qua"))
    title = models.CharField(_("trích yếu"), max_length=500)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-adopted_on", "number"]
        constraints = [models.UniqueConstraint(fields=["council", "year", "number"], name="council_resolution_unique")]

    def __str__(self) -> str:
        return f"Nghị quyết số {self.number}"


def to_roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out
