"""Votes from the hall's electronic voting system: a CSV or XLSX export in, per-delegate votes out.

Voting systems in council halls export, for each motion, one row per delegate: seat or code,
full name, and the choice pressed. This module reads such a file in two shapes:
- one sheet per motion, the motion written above the table ("Nội dung biểu quyết: …"), as the
  template has it and as most systems print their result sheet;
- one table for many motions, with a "Nội dung biểu quyết" column.

Delegates are found by the code the template gives them ("Mã đại biểu") or by full name,
with or without diacritics. Choices are read the same way ("Tan thanh", "KHÔNG TÁN THÀNH"…).

Everything is checked before anything is written, and each problem is reported with its sheet,
row and column in Vietnamese. Only a file without a problem is recorded, each motion through
`services.vote_record_electronic` (the passing rule, the closed-session refusal and the audit
all live there), in one transaction: if a service refuses one motion, nothing is kept.
`preview=True` runs the very same services and rolls them back, so what the secretariat sees
before confirming is what will be recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from thucthi.accounts.models import User
from thucthi.core.errors import DomainError
from thucthi.core.text import fold
from thucthi.core.xlsx import Refused, cell_text, reading
from thucthi.council.models import Delegate, Resolution, Session, VoteChoice, VoteEvent
from thucthi.council.selectors import delegates_in_office
from thucthi.council.services import vote_record_electronic

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 12
SHEET = "Biểu quyết"
GUIDE_SHEET = "Hướng dẫn"

# The words a choice is written with, folded (no diacritics, lower case).
CHOICE_WORDS: dict[str, VoteChoice] = {
    **dict.fromkeys(["tan thanh", "dong y", "yes", "for"], VoteChoice.YES),
    **dict.fromkeys(["khong tan thanh", "khong dong y", "phan doi", "no", "against"], VoteChoice.NO),
    **dict.fromkeys(["khong bieu quyet", "khong co y kien", "khong y kien", "abstain"], VoteChoice.ABSTAIN),
    **dict.fromkeys(["vang", "vang mat", "absent", "khong tham gia", ""], VoteChoice.ABSENT),
}
CHOICE_LABELS = {VoteChoice.YES: "Tán thành", VoteChoice.NO: "Không tán thành", VoteChoice.ABSTAIN: "Không biểu quyết",
                 VoteChoice.ABSENT: "Vắng mặt"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...]


COLUMNS = (
    Column("code", "Mã đại biểu", ("ma dai bieu", "ma db", "ma", "id")),
    Column("name", "Họ và tên", ("ho va ten", "ho ten", "ten dai bieu", "dai bieu", "ho ten dai bieu")),
    Column("choice", "Lựa chọn", ("lua chon", "ket qua", "ket qua bieu quyet", "bieu quyet", "y kien", "phuong an")),
    Column("motion", "Nội dung biểu quyết", ("noi dung bieu quyet", "noi dung", "van de bieu quyet")),
    Column("resolution", "Số nghị quyết", ("so nghi quyet", "nghi quyet", "so ky hieu")),
    Column("day", "Ngày biểu quyết", ("ngay bieu quyet", "ngay")),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADER_KEYS = {alias: c.key for c in COLUMNS for alias in c.aliases}
# Lines above the table that set a value for the whole sheet: "Nội dung biểu quyết: …".
META_KEYS = {"motion", "resolution", "day"}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:\s.*)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DIGITS = re.compile(r"\d+")


# --- Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One problem, where the user finds it: sheet (for XLSX), row as the program numbers it, column."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter
    header: str = ""

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Trang “{self.sheet}”")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}" + (f" ({self.header})" if self.header else ""))
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class DelegateVote:
    name: str
    choice: str  # the Vietnamese label


@dataclass(frozen=True)
class MotionResult:
    motion: str
    day: dt.date
    resolution: str
    total: int
    yes: int
    no: int
    abstain: int
    absent: int
    threshold: int
    passed: bool
    rows: int
    votes: list[DelegateVote]


@dataclass
class ImportResult:
    problems: list[ImportProblem] = field(default_factory=list)
    motions: list[MotionResult] = field(default_factory=list)
    recorded: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems




class _Rollback(Exception):
    """Raised to undo a preview's writes."""


# --- Reading the file ----------------------------------------------------------------------------


@dataclass
class _Table:
    sheet: str  # "" for CSV
    header_row: int
    columns: dict[str, int]  # key → 0-based index
    headers: list[str]
    meta: dict[str, tuple[Any, int]]  # key → (value, row) from the lines above the table
    rows: list[tuple[int, tuple[Any, ...]]]

    def cell(self, values: tuple[Any, ...], key: str) -> Any:
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def letter(self, key: str) -> str:
        index = self.columns.get(key)
        return get_column_letter(index + 1) if index is not None else ""

    def header(self, key: str) -> str:
        index = self.columns.get(key)
        return self.headers[index] if index is not None else BY_KEY[key].header


def _header_key(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return HEADER_KEYS.get(fold(value.split("(")[0]))


def _meta_line(values: tuple[Any, ...]) -> tuple[str, Any] | None:
    """ "Nội dung biểu quyết: Thông qua …" in one cell, or the label in one cell and the value in the next."""
    cells = [v for v in values if v is not None and cell_text(v)]
    if not cells or not isinstance(cells[0], str) or ":" not in cells[0]:
        return None
    label, _, rest = cells[0].partition(":")
    key = _header_key(label)
    if key not in META_KEYS:
        return None
    value: Any = rest.strip() or (cells[1] if len(cells) > 1 else "")
    return key, value


def _find_table(sheet: str, rows: Iterable[Sequence[Any]]) -> _Table | None:
    meta: dict[str, tuple[Any, int]] = {}
    table: _Table | None = None
    for number, raw in enumerate(rows, start=1):
        values = tuple(raw)
        if table is None:
            found = _meta_line(values)
            if found is not None:
                meta[found[0]] = (found[1], number)
                continue
            columns: dict[str, int] = {}
            for index, value in enumerate(values):
                key = _header_key(value)
                if key is None:
                    continue
                if key in columns:
                    first, second = get_column_letter(columns[key] + 1), get_column_letter(index + 1)
                    where = f"Trang “{sheet}”, dòng {number}" if sheet else f"Dòng {number}"
                    raise Refused(f"{where}: cột “{BY_KEY[key].header}” xuất hiện hai lần (cột {first} và cột {second}). Hãy giữ một cột.")
                columns[key] = index
            if "choice" in columns and ("name" in columns or "code" in columns):
                headers = [cell_text(v) for v in values]
                table = _Table(sheet, number, columns, headers, meta, [])
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        known = [values[i] for i in table.columns.values() if i < len(values)]
        if all(not cell_text(v) for v in known):
            continue
        table.rows.append((number, values))
        if len(table.rows) > MAX_ROWS:
            raise Refused(f"Tệp có hơn {MAX_ROWS:,} dòng biểu quyết.".replace(",", ".") + " Hãy chia thành nhiều tệp.")
    return table


def _xlsx_tables(data: bytes) -> list[_Table]:
    with reading(data) as workbook:
        tables = []
        for ws in workbook.worksheets:
            if ws.title == GUIDE_SHEET:
                continue
            table = _find_table(ws.title, ws.iter_rows(values_only=True))
            if table is not None:
                tables.append(table)
        return tables


def _looks_binary(data: bytes) -> bool:
    """Control bytes that no text file holds (NUL, or many below the tab): a file of another kind,
    renamed, rather than a CSV in the wrong encoding."""
    head = data[:4096]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return b"\x00" in head or control > len(head) // 20


def _csv_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if _looks_binary(data):
        raise Refused("Tệp không phải tệp CSV hay Excel .xlsx: nội dung không phải văn bản. Hãy tải lên tệp .xlsx hoặc CSV UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(
            "Tệp CSV không ở bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel, chọn Lưu thành → “CSV UTF-8 (Comma delimited)”, "
            "hoặc tải lên tệp .xlsx."
        ) from exc


def _csv_tables(data: bytes) -> list[_Table]:
    text = _csv_text(data)
    if "\x00" in text:
        raise Refused("Tệp không phải tệp CSV hay Excel .xlsx.")
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    # Excel saves CSV with ";" where the decimal mark is a comma, as in Vietnamese settings.
    delimiter = max(",;\t", key=lambda d: max((line.count(d) for line in lines), default=0))
    table = _find_table("", csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [table] if table is not None else []


def _tables(data: bytes) -> list[_Table]:
    if not data:
        raise Refused("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise Refused(f"Tệp lớn {len(data) / (1024 * 1024):.1f} MB, vượt giới hạn {MAX_BYTES // (1024 * 1024)} MB.".replace(".", ",", 1))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ. Hãy mở tệp và lưu lại dạng Excel Workbook (.xlsx) hoặc CSV UTF-8.")
    tables = _xlsx_tables(data) if data.startswith(b"PK") else _csv_tables(data)
    if not tables:
        needed = ", ".join(f"“{BY_KEY[k].header}”" for k in ("name", "choice"))
        raise Refused(
            f"Không tìm thấy bảng kết quả: trong {HEADER_SEARCH_ROWS} dòng đầu phải có dòng tiêu đề với các cột {needed} "
            f"(hoặc “{BY_KEY['code'].header}” thay cho họ tên). Hãy dùng tệp mẫu."
        )
    if not any(t.rows for t in tables):
        raise Refused("Tệp không có dòng kết quả nào dưới dòng tiêu đề.")
    return tables


# --- Values ---------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = _DMY.match(text)
    iso = _YMD.match(text)
    parts = (int(match.group(3)), int(match.group(2)), int(match.group(1))) if match else (
        (int(iso.group(1)), int(iso.group(2)), int(iso.group(3))) if iso else None)
    if parts is None:
        raise _Bad(f"“{text}” không phải ngày. Ghi theo dạng ngày/tháng/năm, ví dụ 15/07/2020.")
    try:
        return dt.date(*parts)
    except ValueError as exc:
        raise _Bad(f"Ngày “{text}” không có thật (kiểm tra ngày và tháng).") from exc


def _choice(value: Any) -> VoteChoice:
    text = cell_text(value)
    choice = CHOICE_WORDS.get(fold(text))
    if choice is None:
        raise _Bad(f"Lựa chọn “{text}” không hợp lệ. Ghi “Tán thành”, “Không tán thành”, “Không biểu quyết” hoặc “Vắng mặt” "
                   "(có dấu hoặc không dấu).")
    return choice


def _exact(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _same_name(written: str, name: str) -> bool:
    """A name written without diacritics matches loosely ("Nguyen Van An"); one written with them
    must match exactly, so "Nguyễn Văn Ẩn" is never taken for "Nguyễn Văn An"."""
    if written.isascii():
        return fold(written) == fold(name)
    return _exact(written) == _exact(name)


class _Delegates:
    """The term's delegates, found by code (the template's number) or by name."""

    def __init__(self, session: Session) -> None:
        self.by_pk = {d.pk: d for d in Delegate.objects.filter(term=session.term).select_related("person")}
        self.by_fold: dict[str, list[Delegate]] = {}
        for d in self.by_pk.values():
            self.by_fold.setdefault(fold(d.person.full_name), []).append(d)

    def find(self, code: Any, name: Any) -> Delegate:
        code_text, name_text = cell_text(code), cell_text(name)
        if code_text:
            digits = _DIGITS.fullmatch(code_text.upper().removeprefix("DB").strip(" -"))
            delegate = self.by_pk.get(int(digits.group())) if digits else None
            if delegate is None:
                raise _Bad(f"Không có đại biểu mã “{code_text}” trong khóa này. Mã lấy từ tệp mẫu; có thể để trống và ghi họ tên.")
            if name_text and not _same_name(name_text, delegate.person.full_name):
                raise _Bad(f"Mã {code_text} là đại biểu {delegate.person.full_name}, không phải “{name_text}”.")
            return delegate
        if not name_text:
            raise _Bad("Thiếu họ tên (hoặc mã) đại biểu.")
        near = self.by_fold.get(fold(name_text), [])
        found = [d for d in near if _same_name(name_text, d.person.full_name)]
        if not found:
            hint = f" Có phải “{near[0].person.full_name}”?" if len(near) == 1 else ""
            raise _Bad(f"Không tìm thấy đại biểu “{name_text}” trong danh sách đại biểu khóa này.{hint}")
        if len(found) > 1:
            raise _Bad(f"Có {len(found)} đại biểu cùng tên “{name_text}”; hãy ghi thêm mã đại biểu (xem tệp mẫu).")
        return found[0]


@dataclass
class _Motion:
    text: str
    day: dt.date
    resolution_text: str
    first: tuple[_Table, int]
    resolution: Resolution | None = None
    choices: dict[int, VoteChoice] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)  # delegate → row
    rows: int = 0


def _problem(table: _Table, row: int | None, key: str, message: str) -> ImportProblem:
    return ImportProblem(message, table.sheet, row, table.letter(key), table.header(key) if key in table.columns else "")


def _meta_problem(table: _Table, key: str, message: str) -> ImportProblem:
    _, row = table.meta[key]
    return ImportProblem(message, table.sheet, row, "", BY_KEY[key].header)


def _value(table: _Table, values: tuple[Any, ...], key: str, default: Any) -> tuple[Any, str]:
    """The row's own cell, else the sheet's line above the table, else the form's default; and where it came from."""
    own = table.cell(values, key)
    if cell_text(own):
        return own, "cell"
    if key in table.meta and cell_text(table.meta[key][0]):
        return table.meta[key][0], "meta"
    return default, "form"


def _read_rows(tables: list[_Table], session: Session, *, motion: str, day: dt.date) -> tuple[list[_Motion], list[ImportProblem]]:
    delegates = _Delegates(session)
    motions: dict[str, _Motion] = {}
    problems: list[ImportProblem] = []

    def report(table: _Table, row: int, key: str, source: str, message: str) -> None:
        problems.append(_meta_problem(table, key, message) if source == "meta" else _problem(table, row, key, message))

    for table in tables:
        for row, values in table.rows:
            motion_value, _ = _value(table, values, "motion", motion)
            text = cell_text(motion_value)[:500]
            if not text:
                problems.append(_problem(table, row, "motion", "Thiếu nội dung biểu quyết: ghi ở cột “Nội dung biểu quyết”, ở dòng "
                                         "“Nội dung biểu quyết: …” phía trên bảng, hoặc ở ô Nội dung biểu quyết khi tải tệp lên."))
                continue
            day_value, day_from = _value(table, values, "day", day)
            try:
                vote_day = _day(day_value)
            except _Bad as exc:
                report(table, row, "day", day_from, exc.message)
                continue
            resolution_value, resolution_from = _value(table, values, "resolution", "")
            resolution_text = cell_text(resolution_value)
            current = motions.get(fold(text))
            if current is None:
                current = motions[fold(text)] = _Motion(text, vote_day, resolution_text, (table, row))
            elif current.day != vote_day:
                report(table, row, "day", day_from, f"Cùng nội dung biểu quyết nhưng khác ngày ({vote_day:%d/%m/%Y} và "
                                                  f"{current.day:%d/%m/%Y}).")
                continue
            elif fold(current.resolution_text) != fold(resolution_text):
                report(table, row, "resolution", resolution_from, "Cùng nội dung biểu quyết nhưng khác số nghị quyết.")
                continue
            current.rows += 1
            try:
                delegate = delegates.find(table.cell(values, "code"), table.cell(values, "name"))
            except _Bad as exc:
                problems.append(_problem(table, row, "code" if cell_text(table.cell(values, "code")) else "name", exc.message))
                continue
            try:
                choice = _choice(table.cell(values, "choice"))
            except _Bad as exc:
                problems.append(_problem(table, row, "choice", exc.message))
                continue
            if delegate.pk in current.seen:
                where = f"dòng {current.seen[delegate.pk]}"
                problems.append(_problem(table, row, "name", f"Đại biểu {delegate.person.full_name} đã có ở {where} cho cùng nội dung "
                                         "biểu quyết."))
                continue
            if not delegate.in_office_on(vote_day):
                problems.append(_problem(table, row, "name", f"{delegate.person.full_name} không phải đại biểu đương nhiệm ngày "
                                         f"{vote_day:%d/%m/%Y}."))
                continue
            current.seen[delegate.pk] = row
            if choice != VoteChoice.ABSENT:
                current.choices[delegate.pk] = choice
    _check_motions(list(motions.values()), session, problems)
    return list(motions.values()), problems


def _check_motions(motions: list[_Motion], session: Session, problems: list[ImportProblem]) -> None:
    resolutions = {fold(r.number): r for r in Resolution.objects.filter(session=session)}
    voted = set(VoteEvent.objects.filter(session=session, resolution__isnull=False).values_list("resolution_id", flat=True))
    used: dict[int, str] = {}
    for m in motions:
        table, row = m.first
        if not session.start <= m.day <= session.end:
            problems.append(_problem(table, row, "day", f"Ngày biểu quyết {m.day:%d/%m/%Y} ngoài thời gian kỳ họp "
                                     f"({session.start:%d/%m/%Y}–{session.end:%d/%m/%Y})."))
        if not m.resolution_text:
            continue
        resolution = resolutions.get(fold(m.resolution_text))
        if resolution is None:
            problems.append(_problem(table, row, "resolution", f"Kỳ họp chưa có nghị quyết số “{m.resolution_text}”. Hãy ghi nghị quyết "
                                     "trên trang kỳ họp trước, hoặc để trống."))
        elif resolution.pk in voted:
            problems.append(_problem(table, row, "resolution", f"{resolution} đã có kết quả biểu quyết."))
        elif resolution.pk in used:
            problems.append(_problem(table, row, "resolution", f"{resolution} đã gắn với nội dung “{used[resolution.pk]}” trong tệp."))
        else:
            used[resolution.pk] = m.text
            m.resolution = resolution


# --- Import ---------------------------------------------------------------------------------------


def import_votes(data: bytes, *, actor: User, session: Session, motion: str = "", day: dt.date, preview: bool = False) -> ImportResult:
    """Check the whole file, then record every motion's votes, or nothing. With `preview`, the
    votes are recorded and rolled back: the result shows what confirming will record."""
    try:
        tables = _tables(data)
    except Refused as exc:
        return ImportResult(problems=[ImportProblem(exc.message)])
    session = Session.objects.select_related("term").get(pk=session.pk)
    motions, problems = _read_rows(tables, session, motion=motion, day=day)
    if problems:
        return ImportResult(problems=problems)
    results: list[MotionResult] = []
    try:
        with transaction.atomic():
            for m in motions:
                try:
                    event = vote_record_electronic(actor=actor, session=session, motion=m.text, day=m.day, choices=m.choices,
                                                   resolution=m.resolution)
                except DomainError as exc:
                    table, row = m.first
                    problems.append(ImportProblem(f"Nội dung “{m.text[:80]}”: {exc.message}", table.sheet, row))
                    raise _Rollback from exc
                in_office = {d.pk: d for d in delegates_in_office(session.term, m.day)}
                results.append(MotionResult(
                    motion=event.motion, day=event.day, resolution=str(m.resolution.number) if m.resolution else "",
                    total=event.total_delegates, yes=event.yes, no=event.no, abstain=event.abstain, absent=event.absent,
                    threshold=event.threshold, passed=event.passed, rows=m.rows,
                    votes=[DelegateVote(d.person.full_name, CHOICE_LABELS[m.choices.get(pk, VoteChoice.ABSENT)]) for pk, d in in_office.items()],
                ))
            if preview:
                raise _Rollback
    except _Rollback:
        if problems:
            return ImportResult(problems=problems)
        return ImportResult(motions=results)
    return ImportResult(motions=results, recorded=True)


# --- The template ---------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_WRAP = Alignment(wrap_text=True, vertical="top")


def import_template(session: Session, *, day: dt.date) -> bytes:
    """A sheet to fill (or to set the voting system's export to): the motion above the table, then
    one row per delegate in office with their code and name, and a choice list. Copy the sheet for
    each further motion."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    ws["A1"] = f"KẾT QUẢ BIỂU QUYẾT — KỲ HỌP THỨ {session.number}, {session.term.council.name.upper()} KHÓA {session.term.roman}"
    ws["A1"].font = _BOLD
    ws["A2"], ws["C2"] = "Nội dung biểu quyết:", ""
    ws["A3"], ws["C3"] = "Số nghị quyết:", ""
    ws["A4"], ws["C4"] = "Ngày biểu quyết:", f"{day:%d/%m/%Y}"
    for cell in ("A2", "A3", "A4"):
        ws[cell].font = _BOLD
    ws.merge_cells("C2:F2")
    headers = ["STT", "Mã đại biểu", "Họ và tên", "Lựa chọn"]
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=6, column=index, value=header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    delegates = delegates_in_office(session.term, day)
    for n, d in enumerate(delegates, start=1):
        ws.cell(row=6 + n, column=1, value=n)
        ws.cell(row=6 + n, column=2, value=d.pk)
        ws.cell(row=6 + n, column=3, value=d.person.full_name)
    choices = DataValidation(type="list", formula1='"' + ",".join(CHOICE_LABELS.values()) + '"', allow_blank=True,
                             showErrorMessage=False)
    ws.add_data_validation(choices)
    choices.add(f"D7:D{max(7, 6 + len(delegates))}")
    for letter, width in zip("ABCD", (6, 13, 34, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A7"

    guide = workbook.create_sheet(GUIDE_SHEET)
    lines = [
        "Cách dùng tệp mẫu nhập kết quả biểu quyết",
        "1. Mỗi trang là một nội dung biểu quyết: ghi nội dung ở ô C2; số nghị quyết (nếu có) ở ô C3; ngày biểu quyết ở ô C4 (dd/mm/yyyy).",
        "2. Ở cột “Lựa chọn”, ghi cho từng đại biểu: Tán thành, Không tán thành, Không biểu quyết hoặc Vắng mặt "
        "(viết có dấu hoặc không dấu đều được). Để trống là vắng mặt.",
        "3. Nhiều nội dung: sao chép trang “Biểu quyết” thành trang mới cho mỗi nội dung.",
        "4. Cũng nhận một bảng cho nhiều nội dung, có thêm các cột “Nội dung biểu quyết”, “Số nghị quyết”, “Ngày biểu quyết”; "
        "và tệp CSV (UTF-8) có cùng các cột.",
        "5. Đại biểu được tìm theo mã (cột “Mã đại biểu”), hoặc theo họ tên nếu để trống mã. Không sửa mã.",
        "6. Tệp chỉ được ghi khi không còn lỗi nào; nếu có lỗi, hệ thống chỉ ra trang, dòng và cột cần sửa, và không ghi gì.",
    ]
    for row, line in enumerate(lines, start=1):
        cell = guide.cell(row=row, column=1, value=line)
        cell.alignment = _WRAP
    guide["A1"].font = _BOLD
    guide.column_dimensions["A"].width = 110
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
