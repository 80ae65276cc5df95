"""Days that differ from the national calendar, set by a province (or the system).

The national calendar comes from the `holidays` package: public holidays of the Labour Code
2019 (art. 112), lunar Tết and Giỗ Tổ Hùng Vương, compensatory days off and the Saturdays
worked in exchange. A province adds what the package cannot know, such as a make-up working
day decided late, or a local day off.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarOverride(models.Model):
    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=OverrideKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh")
        verbose_name_plural = _("ngày điều chỉnh")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
