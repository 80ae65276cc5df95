"""Indicator figures to and from Excel: a data-entry template for one unit and one period, and its
upload, validated row by row and saved all or nothing through `services.actuals_enter`.

The template lists the indicators the user's unit reports, one row each (code, name, unit of
measure, then value, data status, source and note to fill in, prefilled with the figures already
entered). The unit and the period are written in the sheet's header and, signed, on a very hidden
sheet: an upload whose key is missing, altered, or names another unit or period is refused before
any row is read. The sheet is protected so only the four entry columns can be typed in.

An upload is checked in full before anything is written: each problem is reported with its row
as Excel numbers it, the column letter and header, and a Vietnamese message. The checks are the
services' own (`services.check_entry` for the allowed range and the year-on-year warning,
the policy's `Action.ACTUAL_ENTER` on each figure for who reports what); the shares of one whole adding up to 100 are checked
by `actuals_enter`, whose refusal is attributed to the rows it names. Warnings (an unusual change
from the same period last year) are returned without saving; the same file saved again with
`confirm=True` goes through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, Figure, PermissionDenied, can
from thucthi.core import numbers
from thucthi.core.errors import DomainError
from thucthi.core.text import fold

# The container checks (size, .xls, zip bomb) and cell helpers are every import's: one place.
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
from thucthi.indicators import services
from thucthi.indicators.models import Actual, DataStatus, Indicator
from thucthi.indicators.periods import ReportingPeriod, reporting_period
from thucthi.orgs.models import Unit

__all__ = ["MAX_BYTES", "EntryImport", "RowError", "entry_template", "import_entries"]

SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
KEY_SHEET = "Khóa"
TITLE = "MẪU NHẬP SỐ LIỆU CHỈ TIÊU KẾ HOẠCH"
HEADER_ROW = 7  # the table's header; rows above hold the title, the unit and the period
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 1000
_SALT = "thucthi.indicators.entry-template"

_TITLE_FONT = Font(bold=True, size=14)
_LABEL_FONT = Font(bold=True)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    editable: bool
    guide: str


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã chỉ tiêu", 20, False, "Mã chỉ tiêu trong hệ thống; không sửa."),
    Column("name", "Tên chỉ tiêu", 50, False, "Để đọc; không sửa."),
    Column("measure", "Đơn vị tính", 14, False, "Giá trị ghi theo đơn vị tính này."),
    Column("value", "Giá trị", 16, True,
           "Số liệu của kỳ, viết 1.234,5 hoặc 1234,5. Để trống là không nhập chỉ tiêu này (số liệu đã có giữ nguyên)."),
    Column("data_status", "Mức độ số liệu", 16, True, "Chọn trong danh sách: Ước tính, Sơ bộ hoặc Chính thức. Bắt buộc khi có giá trị."),
    Column("source", "Nguồn", 32, True, "Văn bản, báo cáo nguồn của số liệu (tối đa 300 ký tự)."),
    Column("note", "Ghi chú", 32, True, "Giải thích thêm (tối đa 500 ký tự)."),
)
BY_KEY = {c.key: c for c in COLUMNS}
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
_HEADER_KEYS = {fold(c.header): c.key for c in COLUMNS}
REQUIRED = ("code", "value", "data_status")


def _status_labels() -> list[tuple[str, str]]:
    with translation.override("vi"):
        return [(s.value, str(s.label)) for s in DataStatus]


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def template_key(unit: Unit, period: ReportingPeriod) -> str:
    return _signer().sign_object({"unit": unit.pk, "period": period.key})




# --- Template -----------------------------------------------------------------------------------


def entry_template(*, unit: Unit, period: str, indicators: Iterable[Indicator], reporter: str = "") -> bytes:
    """The workbook for `unit` and `period` with one row per indicator, prefilled with the figures
    already entered (any state)."""
    p = reporting_period(period)
    rows = list(indicators)
    existing = {a.indicator_id: a for a in Actual.objects.filter(unit=unit, period=p.key, indicator__in=rows)}
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    set_cell(ws.cell(row=1, column=1), TITLE)
    ws.cell(row=1, column=1).font = _TITLE_FONT
    header = [
        ("Địa bàn:", unit.name),
        ("Kỳ báo cáo:", f"{p.label} (mã kỳ {p.key})"),
        ("Số liệu chốt:", f"từ {p.cutoff_start:%d/%m/%Y} đến {p.cutoff_end:%d/%m/%Y} (Điều 12 Nghị định 09/2019/NĐ-CP)"),
        ("Đơn vị báo cáo:", reporter),
        ("Cách ghi:", "Ghi vào các ô màu vàng. Để trống Giá trị là không thay đổi. Tệp chỉ dùng cho địa bàn và kỳ ở trên."),
    ]
    for row, (label, value) in enumerate(header, start=2):
        set_cell(ws.cell(row=row, column=1), label)
        ws.cell(row=row, column=1).font = _LABEL_FONT
        set_cell(ws.cell(row=row, column=2), value)
    for index, column in enumerate(COLUMNS, start=1):
        set_cell(ws.cell(row=HEADER_ROW, column=index), column.header)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    style_header(ws, HEADER_ROW, len(COLUMNS))
    labels = dict(_status_labels())
    for row, ind in enumerate(rows, start=HEADER_ROW + 1):
        actual = existing.get(ind.pk)
        values: dict[str, Any] = {"code": ind.code, "name": ind.name, "measure": ind.measure}
        if actual is not None:
            values |= {"value": float(actual.value), "data_status": labels[actual.data_status], "source": actual.source, "note": actual.note}
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=row, column=index)
            if values.get(column.key) is not None:
                set_cell(cell, values[column.key])
            cell.alignment = _WRAP_TOP
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
        _range_validation(ws, ind, f"{LETTER['value']}{row}")
    last = HEADER_ROW + max(len(rows), 1)
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(label for _v, label in _status_labels()) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Mức độ số liệu", error="Chọn Ước tính, Sơ bộ hoặc Chính thức.",
        showInputMessage=True, promptTitle="Mức độ số liệu", prompt=BY_KEY["data_status"].guide,
    )
    ws.add_data_validation(statuses)
    statuses.add(f"{LETTER['data_status']}{HEADER_ROW + 1}:{LETTER['data_status']}{last}")
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    # Only the yellow cells can be typed in; the key below makes any other change harmless anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    key = workbook.create_sheet(KEY_SHEET)
    set_cell(key.cell(row=1, column=1), template_key(unit, p))
    set_cell(key.cell(row=2, column=1), "Khóa của mẫu: xác định địa bàn và kỳ của tệp. Không sửa.")
    key.sheet_state = "veryHidden"
    key.protection.sheet = True
    workbook.active = 0
    return to_bytes(workbook)


def _range_validation(ws: Any, ind: Indicator, ref: str) -> None:
    """Excel warns at once about a figure the system would refuse (outside the indicator's range)."""
    low, high = ind.min_value, ind.max_value
    if low is None and high is None:
        return
    if low is not None and high is not None:
        kw = {"operator": "between", "formula1": str(low), "formula2": str(high)}
        text = f"từ {numbers.plain_value(low)} đến {numbers.plain_value(high)}"
    elif low is not None:
        kw, text = {"operator": "greaterThanOrEqual", "formula1": str(low)}, f"từ {numbers.plain_value(low)} trở lên"
    else:
        assert high is not None
        kw, text = {"operator": "lessThanOrEqual", "formula1": str(high)}, f"không quá {numbers.plain_value(high)}"
    validation = DataValidation(type="decimal", allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                errorTitle="Giá trị ngoài khoảng cho phép", error=f"“{ind.name}” phải {text} {ind.measure}."[:255], **kw)
    ws.add_data_validation(validation)
    validation.add(ref)


GUIDE = (
    "Cách dùng mẫu nhập số liệu",
    f"1. Mỗi dòng của trang “{SHEET}” là một chỉ tiêu đơn vị bạn báo cáo. Ghi Giá trị, chọn Mức độ số liệu, ghi Nguồn và Ghi chú "
    "vào các ô màu vàng; các cột khác không sửa được.",
    "2. Số viết kiểu Việt Nam: 1.234,5 (dấu chấm tách nghìn, dấu phẩy thập phân) hoặc 1234,5. Để trống Giá trị là không nhập "
    "chỉ tiêu đó; số liệu đã có được ghi sẵn, sửa số nào thì số đó được gửi duyệt lại.",
    "3. Tệp chỉ nhập được cho đúng địa bàn và kỳ ghi ở đầu trang; muốn nhập kỳ khác, hãy tải mẫu của kỳ đó.",
    "4. Hệ thống kiểm tra tất cả các dòng trước khi ghi: chỉ cần một dòng sai là không số liệu nào được lưu, và bạn nhận danh "
    "sách lỗi theo dòng, cột. Số liệu ngoài khoảng cho phép bị từ chối; các tỷ trọng của một cơ cấu phải cộng lại 100%.",
    "5. Số liệu thay đổi quá ngưỡng so với cùng kỳ năm trước cần được xác nhận: hệ thống hiện cảnh báo, bạn kiểm tra rồi bấm "
    "xác nhận để lưu. Số liệu đã lưu chờ lãnh đạo đơn vị duyệt.",
)


def _write_guide(ws: Any) -> None:
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 110
    set_cell(ws.cell(row=1, column=1), GUIDE[0])
    ws.cell(row=1, column=1).font = _TITLE_FONT
    row = 2
    for line in GUIDE[1:]:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        set_cell(ws.cell(row=row, column=1), line)
        ws.cell(row=row, column=1).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    set_cell(ws.cell(row=row, column=1), "Cột")
    set_cell(ws.cell(row=row, column=2), "Cách ghi")
    style_header(ws, row, 2)
    for column in COLUMNS:
        row += 1
        set_cell(ws.cell(row=row, column=1), f"{LETTER[column.key]} — {column.header}")
        set_cell(ws.cell(row=row, column=2), column.guide)


# --- Import -------------------------------------------------------------------------------------


@dataclass
class EntryImport:
    """What an upload did: `done` when it went through (`saved`: the figures that changed, which
    wait for the unit head); otherwise `errors` (nothing saved), or `warnings` that need the user's
    confirmation (nothing saved yet)."""

    saved: list[Actual] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    done: bool = False

    @property
    def ok(self) -> bool:
        return self.done

    @property
    def needs_confirmation(self) -> bool:
        return not self.errors and bool(self.warnings)


@dataclass
class _Row:
    number: int
    indicator: Indicator
    entry: services.Entry


def _general(message: str) -> EntryImport:
    return EntryImport(errors=[RowError(None, "", "", message)])


def _read(data: bytes) -> tuple[str | None, list[tuple[int, tuple[Any, ...]]]]:
    """The template key (None if absent) and the entry sheet's rows, by Excel row number."""
    with reading(data) as workbook:
        key = None
        if KEY_SHEET in workbook.sheetnames:
            first = next(workbook[KEY_SHEET].iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
            key = first[0] if isinstance(first[0], str) else None
        ws = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = []
        for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append((number, tuple(raw)))
            if len(rows) > HEADER_SEARCH_ROWS + MAX_ROWS:
                raise Refused(f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS} chỉ tiêu).")
        return key, rows


def _check_key(key: str | None, unit: Unit, p: ReportingPeriod) -> None:
    if key is None:
        raise Refused("Tệp không phải mẫu nhập số liệu của hệ thống (không có khóa mẫu). Hãy tải mẫu cho đúng địa bàn và kỳ rồi ghi vào đó.")
    try:
        found = _signer().unsign_object(key)
    except signing.BadSignature:
        raise Refused("Khóa của mẫu đã bị sửa nên không xác định được địa bàn và kỳ của tệp. Hãy tải mẫu mới.") from None
    if found.get("unit") != unit.pk or found.get("period") != p.key:
        other = Unit.objects.filter(pk=found.get("unit")).first()
        try:
            other_label = reporting_period(str(found.get("period"))).label
        except DomainError:
            other_label = str(found.get("period"))
        raise Refused(
            f"Tệp này là mẫu của {other.name if other else 'địa bàn khác'}, kỳ {other_label}; không nhập được cho "
            f"{unit.name}, kỳ {p.label}. Hãy chọn đúng địa bàn và kỳ, hoặc tải mẫu của {unit.name}, kỳ {p.label}."
        )


def _header(rows: list[tuple[int, tuple[Any, ...]]]) -> tuple[int, dict[str, int]]:
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        found: dict[str, int] = {}
        for index, value in enumerate(values):
            key = _HEADER_KEYS.get(fold(value)) if isinstance(value, str) else None
            if key is not None and key not in found:
                found[key] = index
        if all(k in found for k in REQUIRED):
            return number, found
    names = ", ".join(f"“{BY_KEY[k].header}”" for k in REQUIRED)
    raise Refused(f"Không tìm thấy dòng tiêu đề có các cột {names} trong trang “{SHEET}”. Hãy dùng mẫu tải từ hệ thống.")


@transaction.atomic
def import_entries(data: bytes, *, actor: User, unit: Unit, period: str, confirm: bool = False) -> EntryImport:
    """Check every row of an uploaded template, then save all its figures or none."""
    p = reporting_period(period)
    try:
        key, rows = _read(data)
        _check_key(key, unit, p)
        header_row, columns = _header(rows)
    except Refused as refused:
        return _general(str(refused))
    # Letters as the uploaded file has them (a column moved in the file is still named right).
    letters = {k: get_column_letter(i + 1) for k, i in columns.items()}

    def cell(values: tuple[Any, ...], key: str) -> Any:
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def error(number: int, key: str, message: str) -> RowError:
        return RowError(number, letters.get(key, ""), BY_KEY[key].header, message)

    result = EntryImport()
    codes = {cell_text(cell(v, "code")).upper() for _n, v in rows if not is_blank(cell(v, "code"))}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    statuses: dict[str, str] = {}
    for status_value, label in _status_labels():
        statuses[fold(label)] = statuses[fold(status_value)] = status_value
    seen: dict[str, int] = {}
    good: list[_Row] = []
    for number, values in rows:
        # A row with nothing typed in its entry columns is an indicator not reported this time.
        if number <= header_row or all(is_blank(cell(values, k)) for k in ("value", "data_status", "source", "note")):
            continue
        errors: list[RowError] = []
        code_text = cell_text(cell(values, "code"))
        ind = indicators.get(code_text.upper()) if code_text else None
        if not code_text:
            errors.append(error(number, "code", "Chưa ghi mã chỉ tiêu."))
        elif ind is None:
            errors.append(error(number, "code", f"Không có chỉ tiêu mã “{code_text}”."))
        elif ind.code in seen:
            errors.append(error(number, "code", f"Chỉ tiêu “{ind.code}” đã có ở dòng {seen[ind.code]}."))
        elif not can(actor, Action.ACTUAL_ENTER, Figure(ind, unit)):
            errors.append(error(number, "code", f"Đơn vị của bạn không báo cáo “{ind.name}” cho {unit.name}."))
        if ind is not None:
            seen.setdefault(ind.code, number)
        raw_value = cell(values, "value")
        if is_blank(raw_value):
            if not all(is_blank(cell(values, k)) for k in ("data_status", "source", "note")):
                errors.append(error(number, "value", "Chưa ghi giá trị (để trống cả dòng nếu không nhập chỉ tiêu này)."))
            result.errors.extend(errors)
            continue
        value: Decimal | None = None
        if isinstance(raw_value, bool):
            errors.append(error(number, "value", f"“{cell_text(raw_value)}” không phải là số."))
        else:
            try:
                value = numbers.parse_value(raw_value, label="Giá trị")
            except DomainError as exc:
                errors.append(error(number, "value", exc.message.removeprefix("Giá trị: ")))
        status_text = cell_text(cell(values, "data_status"))
        status = statuses.get(fold(status_text)) if status_text else None
        if not status_text:
            errors.append(error(number, "data_status", "Chưa chọn mức độ số liệu (Ước tính, Sơ bộ hoặc Chính thức)."))
        elif status is None:
            errors.append(error(number, "data_status", f"“{status_text}” không phải mức độ số liệu; chọn Ước tính, Sơ bộ hoặc Chính thức."))
        source, note = cell_text(cell(values, "source")), cell_text(cell(values, "note"), multiline=True)
        if len(source) > 300:
            errors.append(error(number, "source", f"Nguồn dài {len(source)} ký tự, tối đa 300."))
        if len(note) > 500:
            errors.append(error(number, "note", f"Ghi chú dài {len(note)} ký tự, tối đa 500."))
        if ind is not None and value is not None and not any(e.column == letters["value"] for e in errors):
            try:
                services.check_entry(ind, unit, p.key, value)  # its warnings come from actuals_enter below
            except DomainError as exc:
                errors.append(error(number, "value", exc.message))
        result.errors.extend(errors)
        if not errors and ind is not None and value is not None and status is not None:
            good.append(_Row(number, ind, services.Entry(indicator=ind, value=value, data_status=status, source=source, note=note)))
    if not result.errors and not good:
        result.errors.append(RowError(None, "", "", "Tệp chưa có số liệu nào: cột Giá trị để trống ở mọi dòng."))
    if result.errors:
        return result

    def on_rows(message: str) -> list[RowError]:
        """A refusal or warning about several rows (shares of one whole), on each row it names."""
        named = [r for r in good if f"“{r.indicator.name}”" in message] or [r for r in good if r.indicator.name in message]
        return [error(r.number, "value", message) for r in named] or [RowError(None, "", "", message)]

    try:
        result.saved = services.actuals_enter(actor=actor, unit=unit, period=p.key, entries=[r.entry for r in good], confirm=confirm)
        result.done = True
    except services.NeedsConfirmation as exc:
        result.warnings = [e for w in exc.warnings for e in on_rows(w)]
    except DomainError as exc:
        result.errors = on_rows(exc.message)
    except PermissionDenied as exc:
        result.errors = [RowError(None, "", "", str(exc))]
    return result
