"""Figures as Vietnamese officials type and read them: 1.234,5 (dots group thousands, the comma
is decimal; Decree 30/2020 writes numbers so), read back from what a person, a spreadsheet or a
machine gives, and written out for a page, a message or a form field.

Domain-free: indicators, their Excel template and the grid use it, and so can any future
figure (a report, a petition's amount).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from thucthi.core.errors import DomainError


def parse_value(text: Any, *, label: str = "Giá trị") -> Decimal:
    """Numbers as Vietnamese write them (1.234,5 or 1234,5), and 1234.5 or 1,234.5 as machines and
    English write them: with both marks the last is the decimal one; a lone comma is decimal."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        value = Decimal(str(text))
    else:
        raw = str(text or "").strip().replace(" ", "").replace("\u00a0", "")
        if not raw:
            raise DomainError(f"{label}: cần nhập một số.")
        if "," in raw and "." in raw:
            # Both marks: the last one is the decimal mark (1.234,5 or, as English writes it, 1,234.5).
            thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
            raw = raw.replace(thousands, "").replace(",", ".")
        elif "," in raw:
            raw = raw.replace(",", ".")  # 1234,5: the Vietnamese decimal comma
        elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3 and len(raw.split(".")[0]) <= 3 and raw[0] != "0"):
            # 1.234 or 1.234.567: dots group thousands.
            raw = raw.replace(".", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise DomainError(f"{label}: “{text}” không phải là số (viết 1.234,5 hoặc 1234,5).") from None
    if not value.is_finite():
        raise DomainError(f"{label}: “{text}” không phải là số.")
    if abs(value) >= Decimal(10) ** 15:
        raise DomainError(f"{label}: số quá lớn.")
    if value != value.quantize(Decimal("0.0001")):
        raise DomainError(f"{label}: tối đa 4 chữ số sau dấu phẩy.")
    return value


def plain_value(value: Decimal) -> str:
    """A stored figure as a person types it back: 1234,5 (no thousands dots, no trailing zeros);
    `parse_value` reads it again unchanged."""
    return f"{value.normalize():f}".replace(".", ",")


def format_number(x: float, digits: int = 1) -> str:
    """Vietnamese style: 1.234,5 (Decree 30/2020 writes numbers so)."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_figure(x: Decimal | float) -> str:
    """A figure inside a sentence: thousands grouped, at most two decimals, none when whole
    (1.234,5 · 12 · 0,25)."""
    return format_number(float(x), 2).rstrip("0").rstrip(",") if float(x) != int(float(x)) else format_number(float(x), 0)
