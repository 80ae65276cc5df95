"""The delegate list of a term from an Excel file: read and check every row (preview), then record
all of them or none.

One row a delegate: "Họ và tên" (required), "Năm sinh", "Ngày bắt đầu" (the term's start when
empty), "Ngày thôi làm đại biểu" and "Lý do thôi". A name is matched to a person already in the
register, without diacritics when written without them ("Nguyen Van An"), exactly when written with
them; a name that matches several people needs the year of birth. Problems name the sheet, row and
column, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from thucthi.accounts.models import User
from thucthi.core import xlsx
from thucthi.core.errors import DomainError
from thucthi.core.text import fold
from thucthi.council.access import require_council_record
from thucthi.council.models import Delegate, Term
from thucthi.council.services import delegate_add, delegate_update
from thucthi.orgs.models import Person
from thucthi.orgs.selectors import persons_named
from thucthi.orgs.services import person_create

SHEET = "Đại biểu"
MAX_BYTES = xlsx.MAX_BYTES
MAX_ROWS = 2_000
HEADER_SEARCH_ROWS = 10
COLUMNS = {  # folded header → key
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "nam sinh": "birth_year",
    "ngay bat dau": "elected_on",
    "ngay bau": "elected_on",
    "ngay thoi lam dai bieu": "left_on",
    "ngay thoi": "left_on",
    "ly do thoi": "left_reason",
    "ly do": "left_reason",
}
HEADERS = ["Họ và tên", "Năm sinh", "Ngày bắt đầu", "Ngày thôi làm đại biểu", "Lý do thôi"]
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")


@dataclass
class DelegateRow:
    row: int
    full_name: str
    birth_year: int | None
    elected_on: dt.date
    left_on: dt.date | None
    left_reason: str
    person: Person | None  # None: a new person is added to the register
    already: bool = False  # already a delegate of this term: left as it is


@dataclass
class ImportResult:
    rows: list[DelegateRow] = field(default_factory=list)
    errors: list[xlsx.RowError] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_people(self) -> int:
        return sum(1 for r in self.rows if r.person is None and not r.already)


class _Bad(Exception):
    pass


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = xlsx.cell_text(value)
    if not text:
        return None
    match = _DMY.match(text)
    if match is None:
        raise _Bad("ngày không hợp lệ, ghi dạng dd/mm/yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _Bad(f"không có ngày {text}") from exc


def _year(value: Any) -> int | None:
    text = xlsx.cell_text(value)
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2010:
        raise _Bad("năm sinh phải là số có bốn chữ số (ví dụ 1975)")
    return int(text)


def read_delegates(data: bytes, term: Term) -> ImportResult:
    """Every row checked and matched; nothing written."""
    result = ImportResult()
    try:
        with xlsx.reading(data) as workbook:
            sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
            title = sheet.title
            rows = list(sheet.iter_rows(max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1, values_only=True))
    except xlsx.Refused as exc:
        result.errors.append(xlsx.RowError(None, "", "", exc.message))
        return result
    header_at, columns = None, {}
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {i: COLUMNS.get(fold(xlsx.cell_text(v))) for i, v in enumerate(values)}
        if "full_name" in keys.values():
            header_at, columns = index, {k: i for i, k in keys.items() if k is not None}
            break
    if header_at is None:
        result.errors.append(
            xlsx.RowError(None, "", "", f"Trang “{title}”: không thấy dòng tiêu đề có cột “Họ và tên”. Hãy dùng tệp mẫu.")
        )
        return result
    if len(rows) > header_at + 1 + MAX_ROWS:
        result.errors.append(xlsx.RowError(None, "", "", f"Tệp có quá {MAX_ROWS} dòng."))
        return result
    existing = set(Delegate.objects.filter(term=term).values_list("person_id", flat=True))
    seen: dict[str, int] = {}
    default_start = term.start or dt.date(term.start_year, 1, 1)

    def problem(row: int, key: str, message: str) -> None:
        col = columns.get(key)
        letter = get_column_letter(col + 1) if col is not None else ""
        header = HEADERS[list(dict.fromkeys(COLUMNS.values())).index(key)]
        result.errors.append(xlsx.RowError(row, letter, header, message))

    for offset, values in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def cell(key: str, values: tuple[Any, ...] = values) -> Any:
            i = columns.get(key)
            return values[i] if i is not None and i < len(values) else None

        if all(xlsx.is_blank(v) for v in values):
            continue
        before = len(result.errors)
        name = xlsx.cell_text(cell("full_name"))
        if not name:
            problem(offset, "full_name", "thiếu họ và tên")
        parsed: dict[str, Any] = {}
        for key, parse in (("birth_year", _year), ("elected_on", _date), ("left_on", _date)):
            try:
                parsed[key] = parse(cell(key))
            except _Bad as exc:
                problem(offset, key, str(exc))
        reason = xlsx.cell_text(cell("left_reason"))
        elected_on = parsed.get("elected_on") or default_start
        left_on = parsed.get("left_on")
        if left_on is not None and left_on < elected_on:
            problem(offset, "left_on", "ngày thôi trước ngày bắt đầu")
        if left_on is not None and not reason:
            problem(offset, "left_reason", "cần ghi lý do thôi làm đại biểu")
        if name and fold(name) in seen:
            problem(offset, "full_name", f"trùng tên với dòng {seen[fold(name)]}; nếu là hai người, hãy ghi năm sinh")
        if len(result.errors) > before or not name:
            continue
        seen[fold(name)] = offset
        found = persons_named(name, birth_year=parsed.get("birth_year"))
        if len(found) > 1:
            problem(offset, "full_name", f"có {len(found)} người tên “{name}” trong danh bạ; hãy ghi năm sinh để phân biệt")
            continue
        person = found[0] if found else None
        result.rows.append(
            DelegateRow(
                row=offset,
                full_name=person.full_name if person else name,
                birth_year=parsed.get("birth_year"),
                elected_on=elected_on,
                left_on=left_on,
                left_reason=reason,
                person=person,
                already=person is not None and person.pk in existing,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(xlsx.RowError(None, "", "", f"Trang “{title}” không có dòng đại biểu nào."))
    return result


@transaction.atomic
def import_delegates(data: bytes, *, actor: User, term: Term, preview: bool = False) -> ImportResult:
    """Check the file (`preview`: stop there) and record every new delegate, or none: one problem
    and nothing is written."""
    require_council_record(actor, term)
    result = read_delegates(data, term)
    if preview or not result.ok:
        return result
    for row in result.rows:
        if row.already:
            continue
        person = row.person or person_create(actor=actor, full_name=row.full_name, birth_year=row.birth_year)
        try:
            delegate = delegate_add(actor=actor, term=term, person=person, elected_on=row.elected_on)
            if row.left_on is not None:
                delegate_update(
                    actor=actor, delegate=delegate, elected_on=row.elected_on, left_on=row.left_on, left_reason=row.left_reason
                )
        except DomainError as exc:
            transaction.set_rollback(True)
            return ImportResult(rows=result.rows, errors=[xlsx.RowError(row.row, "", "", exc.message)])
        result.saved += 1
    return result


def import_template(term: Term) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for index, header in enumerate(HEADERS, start=1):
        xlsx.set_cell(sheet.cell(row=1, column=index), header)
        sheet.column_dimensions[get_column_letter(index)].width = 32 if index == 1 else 20
    xlsx.style_header(sheet, 1, len(HEADERS))
    guide = workbook.create_sheet("Hướng dẫn")
    lines = [
        f"Danh sách đại biểu {term}",
        "Mỗi dòng một đại biểu. Chỉ cột “Họ và tên” là bắt buộc.",
        "Ngày ghi dạng dd/mm/yyyy. Để trống “Ngày bắt đầu” thì lấy ngày bắt đầu khóa.",
        "Người đã có trong danh bạ được nhận ra theo họ tên (gõ không dấu cũng được); trùng tên thì ghi năm sinh.",
        "Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi; sửa rồi tải lên lại.",
    ]
    for index, line in enumerate(lines, start=1):
        xlsx.set_cell(guide.cell(row=index, column=1), line)
    return xlsx.to_bytes(workbook)
