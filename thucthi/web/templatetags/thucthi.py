from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def vn_date(value: dt.date | None, precision: str = "day") -> str:
    """A date as 24/07/2020, 07/2020 or 2020, as precisely as the source knew it."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def status_label(value: str) -> str:
    """The Vietnamese (or English) label of a task status code."""
    from thucthi.tasks.models import Status

    try:
        return str(Status(value).label)
    except ValueError:
        return value
