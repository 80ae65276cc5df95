"""Tasks to and from Excel (.xlsx): any task list out, a template and a validated bulk import in.

Import is all-or-nothing. Every row is checked first — units matched without diacritics or by
abbreviation among the units in force today, dates, numbers, and the six clears when the tasks are
to be issued at once — and each problem is reported as (row as Excel numbers it, column letter and
header, a Vietnamese message). Only a file without a single problem is written, through
`services.task_create` inside one transaction; if a service still refuses a row, everything is
rolled back and that row is reported. `ImportResult.error_report()` gives the user their own rows
back with a "Lỗi" column to fix and upload again.

The files are in Vietnamese whatever the interface language: they go to and come from people
working in Vietnamese, and a template must read the same for everyone who fills it in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, can, may_issue_for
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.core.numbers import format_number
from thucthi.core.text import fold
from thucthi.core.xlsx import (
    MAX_BYTES,
    Refused,
    RowError,
    cell_text,
    is_blank,
    reading,
    set_cell,
    style_header,
    to_bytes,
)
from thucthi.orgs.models import Person, Position, Unit
from thucthi.orgs.selectors import unit_duty_holders, unit_list
from thucthi.tasks import services, six_clears
from thucthi.tasks.models import Coordination, DeadlineKind, ProductKind, Task
from thucthi.tasks.services import CoordinationInput
from thucthi.tasks.status import derive_status

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

SHEET = "Nhiệm vụ"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
ERROR_HEADER = "Lỗi"
GENERAL_ERRORS_SHEET = "Lỗi chung"
EXAMPLE_MARK = "[Ví dụ]"
NO_DEADLINE = "không thời hạn"
DATE_FORMAT = "DD/MM/YYYY"
TEMPLATE_ROWS = 2000  # rows of the template that carry formats and validations
MAX_DAYS = 365

_EXAMPLE_FONT = Font(italic=True, color="7F7F7F")
_EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")
_ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
_ERROR_FONT = Font(bold=True, color="9C0006")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
# Characters an .xlsx cannot hold (XML 1.0 forbids most control characters).
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PARENS = re.compile(r"\(.*?\)")


# --- Export -------------------------------------------------------------------------------------

EXPORT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Nội dung nhiệm vụ", 60),
    ("Cơ quan giao", 28),
    ("Cơ quan chủ trì", 28),
    ("Cơ quan phối hợp", 32),
    ("Người chịu trách nhiệm", 24),
    ("Thời hạn", 13),
    ("Tình trạng", 22),
    ("Tiến độ (%)", 10),
    ("Sản phẩm", 36),
    ("Nguồn", 30),
)
_EXPORT_SELECT = ("issuer", "lead_unit", "responsible")


def _export_prefetches() -> list[Any]:
    return [Prefetch("coordinations", queryset=Coordination.objects.select_related("unit").order_by("id")), "source"]


def _load_for_export(tasks: Iterable[Task]) -> list[Task]:
    """The tasks with everything a row shows, in a fixed number of queries however many there are."""
    if isinstance(tasks, QuerySet) and tasks._result_cache is None:
        return list(tasks.select_related(*_EXPORT_SELECT).prefetch_related(*_export_prefetches()))
    rows = list(tasks)
    prefetch_related_objects(rows, *_EXPORT_SELECT, *_export_prefetches())
    return rows


def _deadline_cell(task: Task) -> dt.date | str:
    if task.deadline is not None:
        return task.deadline
    if task.deadline_kind == DeadlineKind.NONE:
        return "Không thời hạn"
    if task.deadline_kind == DeadlineKind.WORKING_DAYS and task.working_days:
        return f"{task.working_days} ngày làm việc kể từ ngày giao"
    return ""


def _source_cell(task: Task) -> str:
    parts = []
    if task.source_id is not None and task.source is not None:
        parts.append(str(task.source))
    if task.source_ref:
        parts.append(task.source_ref)
    return ", ".join(parts)


def export_tasks(tasks: Iterable[Task], *, today: dt.date) -> bytes:
    """An .xlsx of the tasks in the given order. Pass a queryset: related rows are fetched in bulk."""
    rows = _load_for_export(tasks)
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    for index, (header, width) in enumerate(EXPORT_COLUMNS, start=1):
        set_cell(ws.cell(row=1, column=index), header)
        ws.column_dimensions[get_column_letter(index)].width = width
    style_header(ws, 1, len(EXPORT_COLUMNS))
    ws.row_dimensions[1].height = 32
    with translation.override("vi"):
        for number, task in enumerate(rows, start=1):
            status = derive_status(state=task.state, deadline=task.deadline, completed_on=task.completed_on, today=today)
            values: list[Any] = [
                number,
                task.title,
                task.issuer.name,
                task.lead_unit.name,
                "; ".join(c.unit.name for c in task.coordinations.all()),
                task.responsible.full_name if task.responsible is not None else "",
                _deadline_cell(task),
                str(status.label),
                task.progress,
                task.expected_product,
                _source_cell(task),
            ]
            for index, value in enumerate(values, start=1):
                cell = ws.cell(row=number + 1, column=index)
                set_cell(cell, value)
                cell.alignment = _WRAP_TOP
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
    last = get_column_letter(len(EXPORT_COLUMNS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return to_bytes(workbook)


# --- Template -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    guide: str
    example: Any = None
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "title", "Nội dung nhiệm vụ*", True, 60,
        "Việc phải làm, cụ thể, ít nhất 10 ký tự (rõ việc). Tối đa 500 ký tự.",
        f"{EXAMPLE_MARK} Xây dựng kế hoạch chuyển đổi số trong quản lý tài chính công năm 2026",
        ("noi dung", "ten nhiem vu", "nhiem vu"),
    ),
    Column(
        "lead_unit", "Cơ quan chủ trì*", True, 30,
        "Một đơn vị đang hoạt động. Ghi tên đầy đủ, tên ngắn hoặc tên viết tắt, có dấu hay không dấu đều được "
        "(“Sở Tài chính”, “So Tai chinh”, “Sở TC”). Tên trùng với nhiều đơn vị thì phải ghi rõ hơn.",
        "Sở Tài chính",
        ("don vi chu tri", "chu tri"),
    ),
    Column(
        "coordinations", "Cơ quan phối hợp (phân cách bằng ;)", False, 36,
        "Các đơn vị phối hợp, mỗi đơn vị cách nhau bằng dấu chấm phẩy (;). Ghi tên như cột Cơ quan chủ trì; "
        "không ghi lại cơ quan chủ trì.",
        "Sở Nội vụ; Sở Y tế",
        ("don vi phoi hop", "phoi hop"),
    ),
    Column(
        "responsible", "Người chịu trách nhiệm", False, 26,
        "Họ và tên người chịu trách nhiệm (rõ người), đúng như trong danh bạ; có dấu hay không dấu đều được. "
        "Bắt buộc khi giao ngay.",
        "Nguyễn Văn An",
        ("nguoi phu trach",),
    ),
    Column(
        "deadline", "Thời hạn (dd/mm/yyyy hoặc “không thời hạn”)", False, 22,
        "Ngày phải hoàn thành, dạng ngày/tháng/năm (15/03/2026), hoặc ghi “không thời hạn”. "
        "Để trống nếu tính thời hạn theo số ngày làm việc. Hạn rơi vào ngày nghỉ thì tính đến ngày làm việc kế tiếp.",
        None,
        ("han", "han hoan thanh", "thoi han hoan thanh"),
    ),
    Column(
        "working_days", "Số ngày làm việc", False, 14,
        f"Thay cho cột Thời hạn: số ngày làm việc (1–{MAX_DAYS}) kể từ ngày giao; hệ thống tự tính ngày, "
        "bỏ qua ngày nghỉ, ngày lễ. Không ghi cùng lúc với Thời hạn.",
        10,
    ),
    Column(
        "expected_product", "Sản phẩm*", True, 40,
        "Sản phẩm phải nộp (rõ sản phẩm): tờ trình, báo cáo, quyết định… Tối đa 300 ký tự.",
        "Kế hoạch được UBND tỉnh ban hành",
        ("san pham du kien", "san pham phai nop"),
    ),
    Column("description", "Mô tả", False, 40, "Nội dung chi tiết, yêu cầu, ghi chú (không bắt buộc).",
           "Báo cáo kết quả về Văn phòng UBND tỉnh trước khi trình."),
    Column("product_kind", "Loại sản phẩm", False, 22, "Chọn một loại trong danh sách thả xuống (không bắt buộc).",
           "Kế hoạch, đề án"),
    Column("no_deadline_reason", "Lý do không thời hạn", False, 30,
           "Chỉ ghi khi Thời hạn là “không thời hạn”: vì sao nhiệm vụ không có hạn (bắt buộc khi giao ngay)."),
    Column("inactivity_days", "Cảnh báo khi không có hoạt động (ngày)", False, 18,
           f"Số ngày (1–{MAX_DAYS}) không có báo cáo thì hệ thống cảnh báo. Bắt buộc với nhiệm vụ không thời hạn khi giao ngay."),
)
BY_KEY = {c.key: c for c in COLUMNS}


def _header_key(text: str) -> str:
    return fold(_PARENS.sub(" ", text))


_HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_header_key(_column.header), *_column.aliases):
        _HEADER_KEYS[_name] = _column.key


def _product_kind_labels() -> list[tuple[str, str]]:
    with translation.override("vi"):
        return [(kind.value, str(kind.label)) for kind in ProductKind]


def import_template(*, units: Iterable[Unit] = ()) -> bytes:
    """The workbook users fill in: sheet "Nhiệm vụ" (columns, one example row), "Hướng dẫn", and a hidden list sheet.

    `units`, if given (say the units in force in the user's province), become a drop-down on
    "Cơ quan chủ trì"; typing another name stays allowed (with a warning), since names are matched loosely.
    """
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    last_row = TEMPLATE_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        set_cell(ws.cell(row=1, column=index), column.header)
        ws.column_dimensions[letter].width = column.width
        cell = ws.cell(row=2, column=index)
        if column.example is not None:
            set_cell(cell, column.example)
        cell.font, cell.fill, cell.alignment = _EXAMPLE_FONT, _EXAMPLE_FILL, _WRAP_TOP
    style_header(ws, 1, len(COLUMNS))
    ws.row_dimensions[1].height = 45
    ws.cell(row=2, column=1).comment = Comment(
        f"Dòng ví dụ: dòng có nội dung bắt đầu bằng “{EXAMPLE_MARK}” không được nhập. Có thể xóa dòng này.", "Thực Thi"
    )
    ws.freeze_panes = "A2"
    # Dates typed as text are read as day/month/year whatever the computer's regional settings.
    deadline_letter = get_column_letter(_position("deadline"))
    for row in range(2, last_row + 1):
        ws[f"{deadline_letter}{row}"].number_format = "@"

    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    set_cell(lists.cell(row=1, column=1), "Loại sản phẩm")
    kinds = _product_kind_labels()
    for row, (_value, label) in enumerate(kinds, start=2):
        set_cell(lists.cell(row=row, column=1), label)
    unit_names = sorted({u.short_name or u.name for u in units})
    set_cell(lists.cell(row=1, column=2), "Đơn vị")
    for row, name in enumerate(unit_names, start=2):
        set_cell(lists.cell(row=row, column=2), name)

    def cells(key: str) -> str:
        letter = get_column_letter(_position(key))
        return f"{letter}2:{letter}{last_row}"

    for column in COLUMNS:
        # Excel caps an input message's title at 32 characters and its text at 255.
        help_text = {"showInputMessage": True, "promptTitle": _short_header(column)[:32], "prompt": column.guide[:255]}
        if column.key in ("working_days", "inactivity_days"):
            validation = DataValidation(
                type="whole", operator="between", formula1="1", formula2=str(MAX_DAYS), allow_blank=True,
                showErrorMessage=True, errorTitle="Số ngày không hợp lệ", error=f"Ghi số nguyên từ 1 đến {MAX_DAYS}.",
                **help_text,
            )
        elif column.key == "product_kind":
            validation = DataValidation(
                type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${len(kinds) + 1}", allow_blank=True,
                showErrorMessage=True, errorTitle="Loại sản phẩm", error="Chọn một loại trong danh sách.",
                **help_text,
            )
        elif column.key == "lead_unit" and unit_names:
            validation = DataValidation(
                type="list", formula1=f"'{LISTS_SHEET}'!$B$2:$B${len(unit_names) + 1}", allow_blank=True,
                showErrorMessage=True, errorStyle="warning", errorTitle="Đơn vị",
                error="Tên này không có trong danh sách; hệ thống sẽ tìm đơn vị gần đúng khi nhập.",
                **help_text,
            )
        else:
            validation = DataValidation(**help_text)
        ws.add_data_validation(validation)
        validation.add(cells(column.key))

    workbook.active = 0
    return to_bytes(workbook)


def _short_header(column: Column) -> str:
    return " ".join(_PARENS.sub(" ", column.header).replace("*", " ").split())


def _position(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)


GENERAL_GUIDE = (
    "Cách dùng tệp mẫu",
    f"1. Ghi mỗi nhiệm vụ trên một dòng của trang “{SHEET}”, từ dòng 3 trở đi (dòng 1 là tiêu đề, không sửa tên cột).",
    f"2. Dòng 2 là ví dụ: mọi dòng có nội dung bắt đầu bằng “{EXAMPLE_MARK}” đều được bỏ qua. Có thể xóa dòng này.",
    "3. Cột có dấu * là bắt buộc. Tên đơn vị, tên người ghi có dấu hay không dấu đều được.",
    f"4. Mỗi tệp tối đa {format_number(MAX_ROWS, 0)} dòng nhiệm vụ và {MAX_BYTES // (1024 * 1024)} MB, định dạng .xlsx.",
    "5. Hệ thống kiểm tra tất cả các dòng trước khi ghi. Chỉ cần một dòng có lỗi là không nhiệm vụ nào được tạo; "
    "tải về “báo cáo lỗi” (có thêm cột “Lỗi” ghi rõ dòng, cột và cách sửa), sửa ngay trên tệp đó rồi tải lên lại.",
    "6. Khi chọn “giao ngay”, mỗi nhiệm vụ phải đủ “6 rõ”: rõ người (Người chịu trách nhiệm), rõ việc (Nội dung), "
    "rõ thời gian (Thời hạn, Số ngày làm việc, hoặc “không thời hạn” kèm lý do và số ngày cảnh báo), rõ trách nhiệm "
    "(Cơ quan chủ trì), rõ thẩm quyền (cơ quan giao và cơ quan công nhận hoàn thành, chọn khi tải lên), rõ sản phẩm (Sản phẩm). "
    "Nếu không giao ngay, nhiệm vụ được lưu ở dạng dự thảo.",
)


def _write_guide(ws: Any) -> None:
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 42
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 100
    set_cell(ws.cell(row=1, column=1), GENERAL_GUIDE[0])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = 2
    for line in GENERAL_GUIDE[1:]:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        set_cell(ws.cell(row=row, column=1), line)
        ws.cell(row=row, column=1).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = 15 * (1 + len(line) // 150)
        row += 1
    row += 1
    for index, header in enumerate(("Cột", "Tên cột", "Bắt buộc", "Cách ghi"), start=1):
        set_cell(ws.cell(row=row, column=index), header)
    style_header(ws, row, 4)
    for index, column in enumerate(COLUMNS, start=1):
        row += 1
        guide = column.guide
        if column.key == "product_kind":
            guide += " Các loại: " + "; ".join(f"“{label}”" for _value, label in _product_kind_labels()) + "."
        values = (get_column_letter(index), column.header, "Có" if column.required else "Không", guide)
        for col, value in enumerate(values, start=1):
            set_cell(ws.cell(row=row, column=col), value)
            ws.cell(row=row, column=col).alignment = _WRAP_TOP


# --- Import -------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    header_row: int
    headers: list[str]
    columns: dict[str, int]  # column key → 0-based index
    rows: list[tuple[int, tuple[Any, ...]]]  # every row read, by Excel row number, including the header and above
    data: list[tuple[int, tuple[Any, ...]]]  # the task rows only

    def letter(self, key: str) -> str:
        index = self.columns.get(key)
        return get_column_letter(index + 1) if index is not None else ""

    def header(self, key: str) -> str:
        index = self.columns.get(key)
        return str(self.headers[index]) if index is not None else BY_KEY[key].header

    def value(self, values: tuple[Any, ...], key: str) -> Any:
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None


@dataclass
class ImportResult:
    created: list[Task] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    _sheet: _Sheet | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_report(self) -> bytes:
        """The uploaded rows, where they were, with a "Lỗi" column; cells at fault are shaded."""
        return _error_report(self._sheet, self.errors)


def _refuse(message: str) -> ImportResult:
    return ImportResult(errors=[RowError(None, "", "", message)])


def _is_example(values: tuple[Any, ...], sheet_title_index: int | None) -> bool:
    if sheet_title_index is None or sheet_title_index >= len(values):
        return False
    title = values[sheet_title_index]
    return isinstance(title, str) and title.lstrip().startswith("[") and fold(title).split()[:2] == fold(EXAMPLE_MARK).split()


def _read(data: bytes) -> _Sheet:
    with reading(data) as workbook:
        ws = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        return _read_sheet(ws.iter_rows(values_only=True))


def _read_sheet(row_iter: Iterable[tuple[Any, ...]]) -> _Sheet:
    rows: list[tuple[int, tuple[Any, ...]]] = []
    header: tuple[int, list[str], dict[str, int]] | None = None
    data: list[tuple[int, tuple[Any, ...]]] = []
    for number, raw in enumerate(row_iter, start=1):
        values = tuple(raw)
        if header is None:
            rows.append((number, values))
            found = _match_headers(values)
            if found is not None:
                header = (number, [str(v).strip() if v is not None else "" for v in values], found)
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        columns = header[2]
        known = [values[i] for i in columns.values() if i < len(values)]
        if all(is_blank(v) for v in known):
            continue
        rows.append((number, values))
        if _is_example(values, columns.get("title")):
            continue
        data.append((number, values))
        if len(data) > MAX_ROWS:
            raise Refused(f"Tệp có hơn {format_number(MAX_ROWS, 0)} dòng nhiệm vụ. Hãy chia thành nhiều tệp, mỗi tệp tối đa {format_number(MAX_ROWS, 0)} dòng.")
    if header is None:
        required = ", ".join(f"“{c.header}”" for c in COLUMNS if c.required)
        raise Refused(
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của trang “{SHEET}”. "
            f"Tệp phải có các cột bắt buộc {required}; hãy dùng tệp mẫu."
        )
    number, headers, columns = header
    missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise Refused(
            f"Dòng tiêu đề (dòng {number}) thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + ". Hãy dùng tệp mẫu."
        )
    if not data:
        raise Refused("Tệp không có dòng nhiệm vụ nào (dòng ví dụ được bỏ qua).")
    return _Sheet(header_row=number, headers=headers, columns=columns, rows=rows, data=data)


def _match_headers(values: tuple[Any, ...]) -> dict[str, int] | None:
    """The known columns of a header row, or None if this is not one. Two columns for one field refuse the file."""
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue
        key = _HEADER_KEYS.get(_header_key(value))
        if key is None:
            continue
        if key in found:
            first, second = get_column_letter(found[key] + 1), get_column_letter(index + 1)
            raise Refused(f"Cột “{BY_KEY[key].header}” xuất hiện hai lần (cột {first} và cột {second}). Hãy giữ một cột.")
        found[key] = index
    return found if len(found) >= 2 else None


# --- Values -------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell whose format was lost arrives as Excel's serial number.
        if 36526 <= value <= 73415:  # 1/1/2000 – 31/12/2100
            converted = from_excel(value)
            if isinstance(converted, dt.datetime):
                return converted.date()
        raise _Bad(f"“{cell_text(value)}” không phải ngày. Ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
    text = cell_text(value)
    match = _DMY.match(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match.group(3)), int(match.group(2)), int(match.group(1)))
    else:
        iso = _YMD.match(text)
        if iso:
            parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if parts is None:
        raise _Bad(f"“{text}” không phải ngày. Ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026, hoặc ghi “{NO_DEADLINE}”.")
    try:
        day = dt.date(*parts)
    except ValueError as exc:
        raise _Bad(f"Ngày “{text}” không có thật (kiểm tra ngày và tháng).") from exc
    if not 2000 <= day.year <= 2100:
        raise _Bad(f"Năm {day.year} không hợp lệ.")
    return day


def _whole(value: Any, low: int, high: int) -> int:
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None:
        raise _Bad(f"“{cell_text(value)}” không phải số nguyên. Ghi số từ {low} đến {high}.")
    if not low <= number <= high:
        raise _Bad(f"Phải từ {low} đến {high} (đang ghi {number}).")
    return number


class _Units:
    """Finds the unit a name means, among units in force on `today`; remembers each answer."""

    def __init__(self, issuer: Unit, today: dt.date) -> None:
        self.today = today
        self.area_id = issuer.area_id or (issuer.pk if issuer.is_administrative else None)
        self.cache: dict[str, Unit | str] = {}

    def resolve(self, text: str) -> Unit:
        key = fold(text)
        if key not in self.cache:
            self.cache[key] = self._lookup(text, key)
        found = self.cache[key]
        if isinstance(found, str):
            raise _Bad(found)
        return found

    def _exact(self, units: Iterable[Unit], key: str) -> list[Unit]:
        return [u for u in units if key in {fold(u.name), fold(u.short_name), fold(u.abbreviation)}]

    def _narrow(self, units: list[Unit]) -> list[Unit]:
        """Several "Sở Tài chính"? The one serving the issuer's province is meant."""
        if len(units) > 1 and self.area_id is not None:
            local = [u for u in units if self.area_id in (u.area_id, u.pk)]
            if len(local) == 1:
                return local
        return units

    def _lookup(self, text: str, key: str) -> Unit | str:
        if not key:
            return "Chưa ghi tên đơn vị."
        hits = list(unit_list(q=text, valid_on=self.today).prefetch_related(None)[:500])
        exact = self._narrow(self._exact(hits, key))
        pool = exact or self._narrow(hits)
        if len(pool) == 1:
            return pool[0]
        if pool:
            names = "; ".join(f"{u.name}" for u in pool[:4]) + ("…" if len(pool) > 4 else "")
            return f"“{text}” ứng với nhiều đơn vị ({names}). Hãy ghi tên đầy đủ của đơn vị."
        # Perhaps a unit that has since been merged or renamed.
        former = self._exact(unit_list(q=text).prefetch_related(None)[:50], key)
        if len(former) == 1 and not former[0].is_valid_on(self.today):
            holders = unit_duty_holders(former[0], on=self.today)
            now = f"; nhiệm vụ của đơn vị này nay do {', '.join(u.name for u in holders)} đảm nhận" if holders else ""
            return f"“{former[0].name}” không còn hoạt động{now}."
        return f"Không tìm thấy đơn vị “{text}” đang hoạt động. Ghi tên đầy đủ, tên ngắn hoặc tên viết tắt của đơn vị."


class _People:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.cache: dict[tuple[str, int | None], Person | str] = {}

    def resolve(self, text: str, lead: Unit | None) -> Person:
        key = (fold(text), lead.pk if lead is not None else None)
        if key not in self.cache:
            self.cache[key] = self._lookup(text, key[0], lead)
        found = self.cache[key]
        if isinstance(found, str):
            raise _Bad(found)
        return found

    def _lookup(self, text: str, key: str, lead: Unit | None) -> Person | str:
        people = list(Person.objects.filter(search_text=" " + key)[:20])
        if len(people) > 1 and lead is not None:
            ids = [p.pk for p in people]
            in_lead = set(
                Position.objects.filter(person_id__in=ids, unit=lead)
                .filter(Q(start__isnull=True) | Q(start__lte=self.today), Q(end__isnull=True) | Q(end__gte=self.today))
                .values_list("person_id", flat=True)
            ) | set(User.objects.filter(person_id__in=ids, unit=lead, is_active=True).values_list("person_id", flat=True))
            if len(in_lead) == 1:
                people = [p for p in people if p.pk in in_lead]
        if len(people) == 1:
            return people[0]
        if people:
            return f"Có {len(people)} người tên “{text}”, không xác định được người nào thuộc cơ quan chủ trì. Hãy liên hệ quản trị để phân biệt."
        return f"Không tìm thấy người tên “{text}” trong danh bạ. Kiểm tra họ tên, hoặc để trống nếu chưa giao ngay."


@dataclass
class _Prepared:
    number: int
    kwargs: dict[str, Any]


_CLEAR_COLUMN = {"person": "responsible", "work": "title", "time": "deadline", "responsibility": "lead_unit", "product": "expected_product"}
_FIELD_COLUMN = {
    "title": "title", "lead_unit": "lead_unit", "coordinations": "coordinations", "responsible": "responsible",
    "deadline": "deadline", "working_days": "working_days", "expected_product": "expected_product",
    "description": "description", "product_kind": "product_kind", "no_deadline_reason": "no_deadline_reason",
    "inactivity_days": "inactivity_days",
}


class _RowCheck:
    def __init__(self, sheet: _Sheet, number: int, values: tuple[Any, ...]) -> None:
        self.sheet, self.number, self.values = sheet, number, values
        self.errors: list[RowError] = []

    def raw(self, key: str) -> Any:
        return self.sheet.value(self.values, key)

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.sheet.letter(key), self.sheet.header(key), message))

    def has_error(self, key: str) -> bool:
        letter, header = self.sheet.letter(key), self.sheet.header(key)
        return any(e.column == letter and e.header == header for e in self.errors)


def _check_row(check: _RowCheck, *, issuer: Unit, accepting_unit: Unit | None, issue: bool, today: dt.date,
               units: _Units, people: _People, kinds: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"issuer": issuer, "accepting_unit": accepting_unit}

    title = cell_text(check.raw("title"))
    if not title:
        check.error("title", "Chưa ghi nội dung nhiệm vụ.")
    elif len(title) > 500:
        check.error("title", f"Nội dung dài {len(title)} ký tự, tối đa 500.")
    fields["title"] = title

    lead: Unit | None = None
    lead_text = cell_text(check.raw("lead_unit"))
    if not lead_text:
        check.error("lead_unit", "Chưa ghi cơ quan chủ trì.")
    else:
        try:
            lead = units.resolve(lead_text)
        except _Bad as bad:
            check.error("lead_unit", bad.message)
    fields["lead_unit"] = lead

    coordinations: list[CoordinationInput] = []
    seen: set[int] = set()
    for name in re.split(r"[;\n]", cell_text(check.raw("coordinations"), multiline=True)):
        name = " ".join(name.split())
        if not name:
            continue
        try:
            unit = units.resolve(name)
        except _Bad as bad:
            check.error("coordinations", bad.message)
            continue
        if lead is not None and unit.pk == lead.pk:
            check.error("coordinations", f"“{unit.name}” đã là cơ quan chủ trì, không ghi lại ở cơ quan phối hợp.")
        elif unit.pk in seen:
            check.error("coordinations", f"“{unit.name}” được ghi hai lần.")
        else:
            seen.add(unit.pk)
            coordinations.append(CoordinationInput(unit=unit))
    fields["coordinations"] = coordinations

    person_text = cell_text(check.raw("responsible"))
    fields["responsible"] = None
    if person_text:
        try:
            fields["responsible"] = people.resolve(person_text, lead)
        except _Bad as bad:
            check.error("responsible", bad.message)

    raw_deadline, raw_days = check.raw("deadline"), check.raw("working_days")
    fields["deadline_kind"], fields["deadline"], fields["working_days"] = DeadlineKind.DATE, None, None
    no_deadline = isinstance(raw_deadline, str) and fold(raw_deadline) == fold(NO_DEADLINE)
    if no_deadline:
        fields["deadline_kind"] = DeadlineKind.NONE
        if not is_blank(raw_days):
            check.error("working_days", f"Nhiệm vụ “{NO_DEADLINE}” thì không ghi số ngày làm việc.")
    elif not is_blank(raw_deadline):
        try:
            fields["deadline"] = _date(raw_deadline)
        except _Bad as bad:
            check.error("deadline", bad.message)
        else:
            if not is_blank(raw_days):
                check.error("working_days", "Chỉ ghi một trong hai: Thời hạn hoặc Số ngày làm việc.")
            elif issue and fields["deadline"] < today:
                check.error("deadline", f"Thời hạn {fields['deadline']:%d/%m/%Y} đã qua; nhiệm vụ giao ngay phải có thời hạn từ hôm nay trở đi.")
    elif not is_blank(raw_days):
        try:
            fields["working_days"] = _whole(raw_days, 1, MAX_DAYS)
            fields["deadline_kind"] = DeadlineKind.WORKING_DAYS
        except _Bad as bad:
            check.error("working_days", bad.message)

    product = cell_text(check.raw("expected_product"))
    if not product:
        check.error("expected_product", "Chưa ghi sản phẩm phải nộp.")
    elif len(product) > 300:
        check.error("expected_product", f"Sản phẩm dài {len(product)} ký tự, tối đa 300.")
    fields["expected_product"] = product
    fields["description"] = cell_text(check.raw("description"), multiline=True)

    kind_text = cell_text(check.raw("product_kind"))
    fields["product_kind"] = ""
    if kind_text:
        kind = kinds.get(fold(kind_text))
        if kind is None:
            labels = "; ".join(f"“{label}”" for _value, label in _product_kind_labels())
            check.error("product_kind", f"“{kind_text}” không có trong danh sách loại sản phẩm: {labels}.")
        else:
            fields["product_kind"] = kind

    reason = cell_text(check.raw("no_deadline_reason"))
    if reason and not no_deadline:
        check.error("no_deadline_reason", f"Chỉ ghi lý do khi Thời hạn là “{NO_DEADLINE}”.")
    elif len(reason) > 300:
        check.error("no_deadline_reason", f"Lý do dài {len(reason)} ký tự, tối đa 300.")
    fields["no_deadline_reason"] = reason if no_deadline else ""

    raw_inactivity = check.raw("inactivity_days")
    fields["inactivity_days"] = None
    if not is_blank(raw_inactivity):
        try:
            fields["inactivity_days"] = _whole(raw_inactivity, 1, MAX_DAYS)
        except _Bad as bad:
            check.error("inactivity_days", bad.message)

    if issue:
        with translation.override("vi"):
            for clear in six_clears.check({**fields, "recurrence": ""}):
                key = _CLEAR_COLUMN.get(clear.key)
                if key is None or check.has_error(key):
                    continue  # authority is the upload's choice, reported once for the file
                check.error(key, f"Chưa đủ “6 rõ” — {clear.label}: {clear.hint}.")
    return fields


def _file_checks(actor: User, issuer: Unit, accepting_unit: Unit | None, issue: bool, today: dt.date) -> list[str]:
    problems = []
    if not can(actor, Action.TASK_CREATE) or not may_issue_for(actor, issuer.pk):
        problems.append(f"Bạn không có quyền giao nhiệm vụ thay cho “{issuer.name}”.")
    for unit in (issuer, accepting_unit):
        if unit is not None and not unit.is_valid_on(today):
            problems.append(f"“{unit.name}” không còn hoạt động; hãy chọn đơn vị đang hoạt động.")
    if issue and accepting_unit is None:
        problems.append("Để giao ngay cần chọn cơ quan công nhận hoàn thành (rõ thẩm quyền); hoặc nhập ở dạng dự thảo.")
    return problems


def import_tasks(data: bytes, *, actor: User, issuer: Unit, accepting_unit: Unit | None, issue: bool) -> ImportResult:
    """Check every row, then create all the tasks (issued at once if `issue`) or none of them."""
    try:
        sheet = _read(data)
    except Refused as refused:
        return _refuse(str(refused))
    today = clock.today()
    result = ImportResult(_sheet=sheet)
    result.errors.extend(RowError(None, "", "", p) for p in _file_checks(actor, issuer, accepting_unit, issue, today))
    units, people = _Units(issuer, today), _People(today)
    kinds: dict[str, str] = {}
    for value, label in _product_kind_labels():
        kinds[fold(label)] = value
        kinds[fold(value)] = value
    prepared: list[_Prepared] = []
    first_seen: dict[tuple[str, int], int] = {}
    for number, values in sheet.data:
        check = _RowCheck(sheet, number, values)
        fields = _check_row(check, issuer=issuer, accepting_unit=accepting_unit, issue=issue, today=today,
                            units=units, people=people, kinds=kinds)
        lead = fields["lead_unit"]
        if lead is not None and fields["title"]:
            twin = (fold(fields["title"]), lead.pk)
            if twin in first_seen:
                check.error("title", f"Trùng với dòng {first_seen[twin]} (cùng nội dung và cơ quan chủ trì).")
            else:
                first_seen[twin] = number
        result.errors.extend(check.errors)
        prepared.append(_Prepared(number, fields))
    if result.errors:
        return result

    current: _Prepared | None = None
    created: list[Task] = []
    try:
        with transaction.atomic():
            for current in prepared:
                created.append(services.task_create(actor=actor, issue=issue, **current.kwargs))
    except (DomainError, PermissionDenied, IntegrityError, DataError) as exc:
        assert current is not None
        key = _FIELD_COLUMN.get(getattr(exc, "field", None) or "")
        if isinstance(exc, DomainError):
            message = exc.message
        elif isinstance(exc, PermissionDenied):
            message = str(exc)
        else:
            message = "Không ghi được dòng này vào cơ sở dữ liệu (dữ liệu không hợp lệ). Không nhiệm vụ nào được tạo."
        error = (
            RowError(current.number, sheet.letter(key), sheet.header(key), message)
            if key is not None
            else RowError(current.number, "", "", message)
        )
        result.errors.append(error)
        return result
    result.created = created
    return result


# --- Error report -------------------------------------------------------------------------------


def _error_report(sheet: _Sheet | None, errors: Sequence[RowError]) -> bytes:
    workbook = Workbook()
    general = [e for e in errors if e.row is None]
    if sheet is None:
        ws = workbook.active
        ws.title = GENERAL_ERRORS_SHEET
        _write_general(ws, general)
        return to_bytes(workbook)

    ws = workbook.active
    ws.title = SHEET
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        if error.row is not None:
            by_row.setdefault(error.row, []).append(error)
    # The "Lỗi" column goes after the last column in use, or where an earlier report put it.
    existing = next((i for i, h in enumerate(sheet.headers) if fold(h) == fold(ERROR_HEADER)), None)
    used = max((i + 1 for _, values in sheet.rows for i, v in enumerate(values) if not is_blank(v)), default=0)
    error_index = existing if existing is not None else used
    width = max(used, error_index + 1)
    widths = {index: BY_KEY[key].width for key, index in sheet.columns.items()}
    for number, values in sheet.rows:
        for index, value in enumerate(values):
            if index == error_index or value is None:
                continue
            cell = ws.cell(row=number, column=index + 1)
            set_cell(cell, value)
            if isinstance(value, (dt.date, dt.datetime)):
                cell.number_format = DATE_FORMAT
            if number != sheet.header_row:
                cell.alignment = _WRAP_TOP
        if number == sheet.header_row:
            set_cell(ws.cell(row=number, column=error_index + 1), ERROR_HEADER)
            style_header(ws, number, width)
            ws.cell(row=number, column=error_index + 1).fill = PatternFill("solid", fgColor="C00000")
        elif number in by_row:
            row_errors = by_row[number]
            text = "\n".join(
                (f"Cột {e.column} ({e.header}): " if e.column else "") + e.message for e in row_errors
            )
            cell = ws.cell(row=number, column=error_index + 1)
            set_cell(cell, text)
            cell.font, cell.fill, cell.alignment = _ERROR_FONT, _ERROR_FILL, _WRAP_TOP
            letters = {e.column for e in row_errors if e.column}
            for letter in letters:
                ws[f"{letter}{number}"].fill = _ERROR_FILL
    for index in range(width):
        ws.column_dimensions[get_column_letter(index + 1)].width = widths.get(index, 18)
    ws.column_dimensions[get_column_letter(error_index + 1)].width = 60
    ws.freeze_panes = f"A{sheet.header_row + 1}"
    last_row = max((n for n, _ in sheet.rows), default=sheet.header_row)
    ws.auto_filter.ref = f"A{sheet.header_row}:{get_column_letter(width)}{last_row}"
    if general:
        _write_general(workbook.create_sheet(GENERAL_ERRORS_SHEET), general)
    return to_bytes(workbook)


def _write_general(ws: Any, errors: Sequence[RowError]) -> None:
    ws.column_dimensions["A"].width = 120
    set_cell(ws.cell(row=1, column=1), ERROR_HEADER)
    style_header(ws, 1, 1)
    for row, error in enumerate(errors, start=2):
        set_cell(ws.cell(row=row, column=1), str(error))
        ws.cell(row=row, column=1).alignment = _WRAP_TOP
