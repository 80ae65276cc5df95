"""Tasks to and from Excel: the export, the template, and the all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from tests.conftest import World
from thucthi.accounts.models import User
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.orgs.loader import UnitSpec, units_load
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.tasks import services
from thucthi.tasks.io import excel
from thucthi.tasks.models import DeadlineKind, DocumentKind, IssuedDocument, ProductKind, State, Task
from thucthi.tasks.services import CoordinationInput
from thucthi.workdays.calendar import calendar

D = dt.date
TODAY = D(2026, 2, 10)
HEADERS = [c.header for c in excel.COLUMNS]
PERSON = "Nguyễn Văn An"


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def home_affairs(world: World) -> Unit:
    units_load(actor=None, dataset="test-home-affairs", links=[], units=[
        UnitSpec(code="P99", kind=UnitKind.PROVINCE, name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm", division_type="tỉnh", gso_code="99"),
        UnitSpec(code="UBND:P99", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND tỉnh Thử Nghiệm", parent="P99"),
        UnitSpec(code="DEPT:P99:nv", kind=UnitKind.DEPARTMENT, name="Sở Nội vụ tỉnh Thử Nghiệm", short_name="Sở Nội vụ", parent="UBND:P99"),
    ])
    return Unit.objects.get(code="DEPT:P99:nv")


@pytest.fixture
def person(world: World) -> Person:
    return Person.objects.create(full_name=PERSON)


def _task(world: World, title: str, *, issue: bool = False, **fields: Any) -> Task:
    values: dict[str, Any] = {
        "lead_unit": world.finance, "accepting_unit": world.committee, "expected_product": "Báo cáo kết quả",
        "responsible": world.head.person, "deadline": D(2026, 3, 16),
    } | fields
    return services.task_create(actor=None, title=title, issuer=world.committee, issue=issue, **values)


def _book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _xlsx(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, title: str = "Nhiệm vụ") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(title: str = "Rà soát, đánh giá tình hình giải ngân vốn đầu tư công", lead: str = "Sở Tài chính", coord: str = "Sở Y tế",
         person: str = "Hoa", deadline: Any = "16/03/2026", days: Any = None, product: str = "Báo cáo UBND tỉnh",
         description: str = "", kind: str = "", reason: str = "", inactivity: Any = None) -> list[Any]:
    return [title, lead, coord, person, deadline, days, product, description, kind, reason, inactivity]


def _import(world: World, data: bytes, *, issue: bool = True, actor: User | None = None, issuer: Unit | None = None,
            accepting: Unit | None = None, no_accepting_unit: bool = False) -> excel.ImportResult:
    """Import as the committee office for UBND tỉnh, which also accepts completion, unless told otherwise."""
    return excel.import_tasks(
        data, actor=actor or world.committee_office, issuer=issuer or world.committee,
        accepting_unit=None if no_accepting_unit else (accepting or world.committee), issue=issue,
    )


# --- Export -------------------------------------------------------------------------------------


def test_export_has_vietnamese_headers_real_dates_and_status_labels(world: World) -> None:
    overdue = _task(world, "Báo cáo tình hình giải ngân quý I", issue=True, deadline=D(2026, 3, 5),
                    coordinations=[CoordinationInput(world.health)])
    notice = IssuedDocument.objects.create(kind=DocumentKind.CONCLUSION, number="12/TB-UBND", issued_on=D(2026, 1, 5),
                                           issuer=world.committee, title="Kết luận của Chủ tịch UBND tỉnh")
    draft = _task(world, "Xây dựng đề án sắp xếp đơn vị sự nghiệp", deadline=None, source=notice, source_ref="Mục 2",
                  deadline_kind=DeadlineKind.WORKING_DAYS, working_days=10, responsible=None)
    data = excel.export_tasks(Task.objects.filter(pk__in=[overdue.pk, draft.pk]).order_by("id"), today=D(2026, 3, 10))

    ws = _book(data)["Nhiệm vụ"]
    assert [c.value for c in ws[1]] == [
        "STT", "Nội dung nhiệm vụ", "Cơ quan giao", "Cơ quan chủ trì", "Cơ quan phối hợp", "Người chịu trách nhiệm",
        "Thời hạn", "Tình trạng", "Tiến độ (%)", "Sản phẩm", "Nguồn",
    ]
    first = [c.value for c in ws[2]]
    assert first[:6] == [1, overdue.title, world.committee.name, world.finance.name, world.health.name, "Hoa"]
    deadline = ws["G2"]
    assert deadline.value == dt.datetime(2026, 3, 5)
    assert deadline.is_date and deadline.number_format == "DD/MM/YYYY"
    assert ws["H2"].value == "Quá hạn"
    assert ws["I2"].value == 0
    assert ws["H3"].value == "Chưa thực hiện"
    assert ws["G3"].value == "10 ngày làm việc kể từ ngày giao"
    assert ws["K3"].value == "Thông báo kết luận số 12/TB-UBND ngày 05/01/2026, Mục 2"
    assert ws["K2"].value is None
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K3"
    assert ws.column_dimensions["B"].width == 60


def test_export_writes_text_that_looks_like_a_formula_as_text(world: World) -> None:
    _task(world, "=HYPERLINK(\"http://example.com\",\"bấm vào đây\") nhiệm vụ")
    ws = _book(excel.export_tasks(Task.objects.all(), today=TODAY))["Nhiệm vụ"]
    assert ws["B2"].data_type == "s"
    assert ws["B2"].value.startswith("=HYPERLINK")


def test_export_query_count_does_not_grow_with_the_tasks(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            excel.export_tasks(Task.objects.order_by("id"), today=TODAY)
        return len(ctx.captured_queries)

    notice = IssuedDocument.objects.create(kind=DocumentKind.DIRECTIVE, number="03/CT-UBND", issued_on=D(2026, 1, 5),
                                           issuer=world.committee, title="Chỉ thị về đẩy mạnh giải ngân")
    _task(world, "Nhiệm vụ thứ nhất có phối hợp", coordinations=[CoordinationInput(world.health)], source=notice)
    one = queries()
    for n in range(5):
        lead, other = (world.health, world.finance) if n % 2 else (world.finance, world.health)
        _task(world, f"Nhiệm vụ số {n + 2} có phối hợp", coordinations=[CoordinationInput(other)], lead_unit=lead,
              responsible=world.other_head.person, source=notice, source_ref=f"Mục {n}")
    assert queries() == one <= 4
    # A plain list of tasks works too, with the same bulk fetching.
    tasks = list(Task.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        excel.export_tasks(tasks, today=TODAY)
    assert len(ctx.captured_queries) <= 5
    # A sliced queryset (a page of a list) too.
    sliced = _book(excel.export_tasks(Task.objects.order_by("id")[:2], today=TODAY))["Nhiệm vụ"]
    assert sliced.max_row == 3


# --- Template -----------------------------------------------------------------------------------


def test_template_has_the_columns_an_example_a_guide_and_validations(world: World) -> None:
    book = _book(excel.import_template(units=[world.finance, world.health]))
    assert book.sheetnames[:2] == ["Nhiệm vụ", "Hướng dẫn"]
    ws = book["Nhiệm vụ"]
    assert [c.value for c in ws[1]] == HEADERS
    assert HEADERS[:8] == [
        "Nội dung nhiệm vụ*", "Cơ quan chủ trì*", "Cơ quan phối hợp (phân cách bằng ;)", "Người chịu trách nhiệm",
        "Thời hạn (dd/mm/yyyy hoặc “không thời hạn”)", "Số ngày làm việc", "Sản phẩm*", "Mô tả",
    ]
    assert ws["A2"].value.startswith("[Ví dụ]")
    assert ws["A2"].comment is not None
    assert ws.freeze_panes == "A2"
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations["F2:F2001"].type == "whole"
    assert validations["I2:I2001"].type == "list"
    assert validations["B2:B2001"].type == "list" and validations["B2:B2001"].errorStyle == "warning"
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for header in HEADERS:
        assert header in guide
    assert "Kế hoạch, đề án" in guide
    assert book["Danh mục"].sheet_state == "hidden"


def test_the_template_alone_imports_nothing(world: World) -> None:
    result = _import(world, excel.import_template())
    assert not result.created
    assert [str(e) for e in result.errors] == ["Tệp không có dòng nhiệm vụ nào (dòng ví dụ được bỏ qua)."]


def test_template_example_filled_as_real_rows_imports(world: World, home_affairs: Unit, person: Person) -> None:
    book = _book(excel.import_template())
    ws = book["Nhiệm vụ"]
    example = [c.value for c in ws[2]]
    for row, suffix in ((3, ""), (4, " (đợt 2)")):
        for col, value in enumerate(example, start=1):
            ws.cell(row=row, column=col).value = value
        ws.cell(row=row, column=1).value = example[0].removeprefix("[Ví dụ] ") + suffix
    buffer = io.BytesIO()
    book.save(buffer)

    result = _import(world, buffer.getvalue())

    assert result.errors == []
    assert len(result.created) == 2
    due = calendar().add_working_days(TODAY, 10)
    for task in result.created:
        task.refresh_from_db()
        assert task.state == State.ISSUED
        assert task.deadline_kind == DeadlineKind.WORKING_DAYS and task.working_days == 10
        assert task.deadline == due and task.issued_on == TODAY
        assert {c.unit for c in task.coordinations.all()} == {home_affairs, world.health}
        assert task.lead_unit == world.finance and task.issuer == world.committee
        assert task.responsible == person
        assert task.product_kind == ProductKind.PLAN
        assert task.accepting_unit == world.committee
    assert Task.objects.filter(title__startswith="[Ví dụ]").count() == 0


# --- Import: all or nothing -----------------------------------------------------------------------


def test_one_bad_row_creates_nothing_and_is_reported_with_row_and_column(world: World) -> None:
    data = _xlsx([
        _row(),
        _row(title="Tổng hợp kiến nghị của cử tri về đất đai", lead="Sở Y tế", coord=""),
        _row(title="Kiểm tra việc thực hiện dự án cải tạo bệnh viện", coord="Sở Y tế; Sở Xây dựng"),
    ])
    before = Task.objects.count()

    result = _import(world, data)

    assert result.created == []
    assert Task.objects.count() == before
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column, error.header) == (4, "C", "Cơ quan phối hợp (phân cách bằng ;)")
    assert "Không tìm thấy đơn vị “Sở Xây dựng”" in error.message
    assert str(error).startswith("Dòng 4, cột C (Cơ quan phối hợp (phân cách bằng ;)): Không tìm thấy")

    ws = _book(result.error_report())["Nhiệm vụ"]
    headers = [c.value for c in ws[1]]
    assert headers == [*HEADERS, "Lỗi"]
    error_col = len(HEADERS) + 1
    assert ws.cell(row=2, column=error_col).value is None
    assert ws.cell(row=3, column=error_col).value is None
    assert "Cột C" in ws.cell(row=4, column=error_col).value and "Sở Xây dựng" in ws.cell(row=4, column=error_col).value
    assert ws["C4"].value == "Sở Y tế; Sở Xây dựng"
    assert ws["A3"].value == "Tổng hợp kiến nghị của cử tri về đất đai"


def test_the_error_report_can_be_fixed_and_uploaded_again(world: World) -> None:
    result = _import(world, _xlsx([_row(), _row(title="Kiểm tra việc cải tạo bệnh viện tỉnh", coord="Sở Xây dựng")]))
    assert len(result.errors) == 1
    book = _book(result.error_report())
    book["Nhiệm vụ"]["C3"].value = "Sở Y tế"
    buffer = io.BytesIO()
    book.save(buffer)
    again = _import(world, buffer.getvalue())
    assert again.errors == []
    assert len(again.created) == 2


def test_a_service_refusal_midway_rolls_everything_back(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = services.task_create
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Task:
        calls.append(1)
        if len(calls) == 2:
            raise DomainError("Thời hạn không hợp lệ theo quy chế.", field="deadline")
        return real(**kwargs)

    monkeypatch.setattr(services, "task_create", flaky)
    before = Task.objects.count()
    result = _import(world, _xlsx([_row(), _row(title="Tổng hợp kiến nghị của cử tri về đất đai"), _row(title="Một nhiệm vụ thứ ba đủ dài")]))

    assert result.created == []
    assert Task.objects.count() == before
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "E", "Thời hạn không hợp lệ theo quy chế.")]


def test_every_row_is_checked_and_every_problem_reported(world: World) -> None:
    result = _import(world, _xlsx([
        _row(deadline="31/02/2026"),
        _row(title="Ngắn", person="", product=""),
        _row(title="Nhiệm vụ tính theo ngày làm việc", deadline=None, days=0),
        _row(title="Nhiệm vụ ghi cả hai loại thời hạn", days=5),
        _row(title="Nhiệm vụ không thời hạn thiếu lý do", deadline="Không thời hạn"),
        _row(title="Nhiệm vụ có thời hạn đã qua rồi", deadline="01/01/2026"),
        _row(title="Nhiệm vụ có loại sản phẩm lạ", kind="Bài báo"),
        _row(title="Nhiệm vụ ghi cơ quan chủ trì là phối hợp", coord="Sở Tài chính"),
        _row(title="Nhiệm vụ có người không có thật", person="Trần Thị Không Có"),
    ]))
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "không có thật" in found[(2, "E")]
    assert "Rõ người" in found[(3, "D")] and "Rõ việc" in found[(3, "A")]
    assert found[(3, "G")] == "Chưa ghi sản phẩm phải nộp."
    assert found[(4, "F")] == "Phải từ 1 đến 365 (đang ghi 0)."
    assert "Chỉ ghi một trong hai" in found[(5, "F")]
    assert "Rõ thời gian" in found[(6, "E")]
    assert "đã qua" in found[(7, "E")]
    assert "Bài báo" in found[(8, "I")]
    assert "đã là cơ quan chủ trì" in found[(9, "C")]
    assert "Không tìm thấy người" in found[(10, "D")]
    assert not Task.objects.exists()


def test_drafts_need_not_be_six_clear_and_no_deadline_tasks_carry_their_reason(world: World) -> None:
    result = _import(world, _xlsx([
        _row(title="Nhiệm vụ dự thảo chưa có người", person="", deadline=None),
        _row(title="Theo dõi thường xuyên công tác phòng cháy", deadline="không thời hạn", reason="Nhiệm vụ thường xuyên", inactivity=30),
    ]), issue=False, no_accepting_unit=True)
    assert result.errors == []
    draft, ongoing = sorted(result.created, key=lambda t: t.pk)
    assert draft.state == State.DRAFT and draft.responsible is None and draft.deadline is None
    assert ongoing.deadline_kind == DeadlineKind.NONE and ongoing.no_deadline_reason == "Nhiệm vụ thường xuyên"
    assert ongoing.inactivity_days == 30


def test_issuing_at_once_needs_an_accepting_unit(world: World) -> None:
    result = _import(world, _xlsx([_row()]), no_accepting_unit=True)
    assert [e.row for e in result.errors] == [None]
    assert "cơ quan công nhận hoàn thành" in result.errors[0].message
    assert not Task.objects.exists()


def test_real_excel_dates_and_text_numbers_are_accepted(world: World) -> None:
    result = _import(world, _xlsx([
        _row(deadline=dt.datetime(2026, 4, 28)),
        _row(title="Nhiệm vụ tính theo số ngày làm việc", deadline=None, days="7"),
    ]))
    assert result.errors == []
    first, second = sorted(result.created, key=lambda t: t.pk)
    assert first.deadline == D(2026, 4, 28)
    assert second.deadline == calendar().add_working_days(TODAY, 7)


def test_someone_who_may_not_issue_for_the_body_imports_nothing(world: World) -> None:
    result = _import(world, _xlsx([_row()]), actor=world.officer)
    assert [e.row for e in result.errors] == [None]
    assert "không có quyền" in result.errors[0].message
    assert not Task.objects.exists()


def test_duplicate_rows_are_reported(world: World) -> None:
    result = _import(world, _xlsx([_row(), _row(coord="")]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "A")]
    assert "Trùng với dòng 2" in result.errors[0].message


# --- Import: unit names ---------------------------------------------------------------------------


def test_unit_names_without_diacritics_or_abbreviated_are_accepted(world: World) -> None:
    result = _import(world, _xlsx([
        _row(lead="so tai chinh", coord="SO Y TE"),
        _row(title="Nhiệm vụ giao theo tên viết tắt", lead="Sở TC", coord="uy ban nhan dan tinh thu nghiem"),
        _row(title="Nhiệm vụ giao theo tên đầy đủ", lead="Sở Tài chính tỉnh Thử Nghiệm", coord="y te"),
    ]))
    assert result.errors == []
    assert [t.lead_unit for t in sorted(result.created, key=lambda t: t.pk)] == [world.finance] * 3
    coordinators = [c.unit for t in sorted(result.created, key=lambda t: t.pk) for c in t.coordinations.all()]
    assert coordinators == [world.health, world.committee, world.health]


def _other_provinces() -> None:
    units_load(actor=None, dataset="test-other-provinces", links=[], units=[
        UnitSpec(code="P98", kind=UnitKind.PROVINCE, name="Tỉnh Bên Cạnh", short_name="Bên Cạnh", division_type="tỉnh", gso_code="98"),
        UnitSpec(code="UBND:P98", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Bên Cạnh", short_name="UBND tỉnh Bên Cạnh", parent="P98"),
        UnitSpec(code="DEPT:P98:tc", kind=UnitKind.DEPARTMENT, name="Sở Tài chính tỉnh Bên Cạnh", short_name="Sở Tài chính", parent="UBND:P98"),
        UnitSpec(code="P97", kind=UnitKind.PROVINCE, name="Tỉnh Xa Xôi", short_name="Xa Xôi", division_type="tỉnh", gso_code="97"),
        UnitSpec(code="UBND:P97", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Xa Xôi", short_name="UBND tỉnh Xa Xôi", parent="P97"),
    ])


def test_a_name_several_units_share_is_refused_unless_the_issuers_province_settles_it(world: World) -> None:
    _other_provinces()
    # Issued by UBND tỉnh Thử Nghiệm: "Sở Tài chính" is its own department.
    settled = _import(world, _xlsx([_row(coord="")]))
    assert settled.errors == []
    assert settled.created[0].lead_unit == world.finance

    # Issued by a province with no "Sở Tài chính" of its own: two candidates, refused.
    far = Unit.objects.get(code="UBND:P97")
    result = _import(world, _xlsx([_row(title="Nhiệm vụ của tỉnh Xa Xôi giao cho sở", coord="")]), actor=world.admin, issuer=far, accepting=far)
    assert [(e.row, e.column) for e in result.errors] == [(2, "B")]
    assert "ứng với nhiều đơn vị" in result.errors[0].message
    assert "Sở Tài chính tỉnh Bên Cạnh" in result.errors[0].message

    # A word that begins several names is ambiguous too.
    vague = _import(world, _xlsx([_row(title="Nhiệm vụ giao cho một sở nào đó", lead="Sở", coord="")]))
    assert "ứng với nhiều đơn vị" in vague.errors[0].message


def test_a_merged_unit_is_refused_with_its_successor_named(world: World) -> None:
    result = _import(world, _xlsx([_row(lead="Sở Kế hoạch và Đầu tư", coord="")]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "B")]
    assert "không còn hoạt động" in result.errors[0].message
    assert world.finance.name in result.errors[0].message


# --- Import: files refused ----------------------------------------------------------------------


def _refused(world: World, data: bytes) -> str:
    result = _import(world, data)
    assert result.created == []
    assert len(result.errors) == 1 and result.errors[0].row is None
    # The report of a refused file is still a workbook that says why.
    ws = _book(result.error_report())["Lỗi chung"]
    assert ws["A1"].value == "Lỗi" and ws["A2"].value == result.errors[0].message
    return result.errors[0].message


def test_files_that_are_not_xlsx_are_refused(world: World) -> None:
    assert "không phải định dạng Excel .xlsx" in _refused(world, b"Noi dung,Co quan chu tri\nabc,def\n")
    assert ".xls" in _refused(world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "Tệp rỗng" in _refused(world, b"")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "không phải định dạng Excel .xlsx" in _refused(world, archive.getvalue())
    assert "bị hỏng" in _refused(world, b"PK\x03\x04 not really a zip")


def test_files_over_5_mb_are_refused(world: World) -> None:
    assert "vượt quá giới hạn 5 MB" in _refused(world, b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))


def test_more_than_2000_rows_are_refused(world: World) -> None:
    rows = [_row(title=f"Nhiệm vụ số {n} của đợt rà soát") for n in range(2001)]
    assert "2.000 dòng" in _refused(world, _xlsx(rows))


def test_a_sheet_missing_required_headers_is_refused(world: World) -> None:
    headers = [h for h in HEADERS if h != "Sản phẩm*"]
    message = _refused(world, _xlsx([_row()[:6]], headers=headers))
    assert "thiếu cột bắt buộc" in message and "“Sản phẩm*”" in message
    assert "Không tìm thấy dòng tiêu đề" in _refused(world, _xlsx([["a", "b"]], headers=["Tên", "Ngày"]))


def test_headers_are_matched_loosely_and_may_come_in_any_order(world: World) -> None:
    headers = ["STT", "San pham", "Noi dung nhiem vu", "Co quan chu tri", "Nguoi chiu trach nhiem", "Thoi han"]
    result = _import(world, _xlsx([[1, "Báo cáo", "Rà soát danh mục dự án đầu tư công", "Sở Tài chính", "Hoa", "20/03/2026"]], headers=headers))
    assert result.errors == []
    assert result.created[0].deadline == D(2026, 3, 20)


def test_a_title_above_the_header_keeps_excel_row_numbers(world: World) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Danh sách"
    ws["A1"] = "DANH SÁCH NHIỆM VỤ GIAO NĂM 2026"
    ws.append([])
    ws.append(HEADERS)
    ws.append(_row())
    ws.append(_row(title="Nhiệm vụ có thời hạn ghi sai", deadline="16/13/2026"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(world, buffer.getvalue())
    assert [(e.row, e.column) for e in result.errors] == [(5, "E")]
    report = _book(result.error_report())["Nhiệm vụ"]
    assert report["A1"].value == "DANH SÁCH NHIỆM VỤ GIAO NĂM 2026"
    assert report["L3"].value == "Lỗi"
    assert report["L4"].value is None
    assert report["L5"].value.startswith("Cột E (Thời hạn")
    assert report.freeze_panes == "A4"
