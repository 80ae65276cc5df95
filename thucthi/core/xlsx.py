"""The xlsx kit every Excel import and export of the project shares (tasks, indicator figures,
council votes): opening an upload safely, reading cells as text, writing cells that can never become
formulas, and reporting a problem by row and column in Vietnamese.

Domain-free: each app keeps its own columns, rows and messages about its own data; what is here is
only about the file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

MAX_BYTES = 5 * 1024 * 1024
# A 5 MB .xlsx can unpack to gigabytes (a "zip bomb"); real task lists stay far below this.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Refused(Exception):
    """The file as a whole cannot be imported; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as Excel numbers it (None for the file as a whole), column letter and header."""

    row: int | None
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Dòng {self.row}"
        if self.column:
            where += f", cột {self.column}" + (f" ({self.header})" if self.header else "")
        elif self.header:
            where += f" ({self.header})"
        return f"{where}: {self.message}"


# --- reading ------------------------------------------------------------------------------------


def check_container(data: bytes) -> None:
    """Size, .xls or password, not a zip, not a workbook, zip bomb: `Refused` with a Vietnamese message."""
    if not data:
        raise Refused("Tệp rỗng. Hãy chọn tệp Excel (.xlsx) theo mẫu.")
    if len(data) > MAX_BYTES:
        raise Refused(
            f"Tệp lớn {len(data) / (1024 * 1024):.1f} MB, vượt quá giới hạn {MAX_BYTES // (1024 * 1024)} MB. "
            "Hãy chia thành nhiều tệp nhỏ hơn."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(
            "Tệp Excel 97-2003 (.xls) hoặc tệp có đặt mật khẩu chưa được hỗ trợ. "
            "Hãy mở tệp, bỏ mật khẩu (nếu có) và lưu lại dưới dạng Excel Workbook (.xlsx)."
        )
    if not data.startswith(b"PK"):
        raise Refused("Tệp không phải định dạng Excel .xlsx. Hãy dùng tệp mẫu tải về từ hệ thống.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused("Tệp bị hỏng hoặc không phải định dạng Excel .xlsx.") from exc
    if "xl/workbook.xml" not in names:
        raise Refused("Tệp không phải định dạng Excel .xlsx (có thể là tệp Word, ODS hoặc tệp nén khác).")
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused("Tệp chứa quá nhiều dữ liệu sau khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn.")


def open_workbook(data: bytes) -> Any:
    """An uploaded .xlsx opened read-only, after the container checks (size, .xls or password,
    zip bomb); otherwise `Refused` with a Vietnamese message. The caller closes it. Every Excel
    upload of the project (tasks, indicator figures, votes) comes through here."""
    check_container(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise Refused("Không đọc được tệp Excel (tệp bị hỏng hoặc được bảo vệ bằng mật khẩu).") from exc


@contextmanager
def reading(data: bytes) -> Iterator[Any]:
    """`open_workbook` for a `with` block: whatever goes wrong while reading it becomes a
    `Refused` saying the file is damaged, and the workbook is closed in every case."""
    workbook = open_workbook(data)
    try:
        yield workbook
    except Refused:
        raise
    except Exception as exc:
        raise Refused("Không đọc được nội dung tệp Excel (tệp bị hỏng).") from exc
    finally:
        workbook.close()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any, *, multiline: bool = False) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, NFC, control characters
    dropped, spaces collapsed (line breaks kept and trimmed when `multiline`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL.sub("", text)
    if multiline:
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return " ".join(text.split())


# --- writing ------------------------------------------------------------------------------------


def safe_text(value: str) -> str:
    """Text without the control characters a workbook may not hold."""
    return _ILLEGAL.sub("", value)


def set_cell(cell: Any, value: Any) -> None:
    """Write a value; text is always text, never a formula, whatever it starts with ("=HYPERLINK(…)")."""
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def style_header(ws: Any, row: int, count: int) -> None:
    """The first `count` cells of `row` as a header: white bold on dark blue, wrapped, centred."""
    for index in range(1, count + 1):
        cell = ws.cell(row=row, column=index)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN


def to_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
