"""The indicator data-entry template and its upload: round trip, one test per kind of error (each
named by row and column, nothing written), the key that ties a file to its unit and period, the
confirmation step, and who may download and upload. World: `tests.indicators.fixtures`."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from tests.conftest import World
from tests.indicators.fixtures import IndicatorPlan, indicator_plan
from thucthi.accounts.models import User
from thucthi.indicators.io import excel
from thucthi.indicators.models import Actual, ActualState

FIRST = excel.HEADER_ROW + 1  # BUDGET_REVENUE, then POVERTY_RATE, STRUCT_AGRI, STRUCT_INDUSTRY, STRUCT_SERVICES


@pytest.fixture
def plan(world: World) -> IndicatorPlan:
    return indicator_plan(world)


def template(world: World, user: User, period: str = "2020-H1") -> bytes:
    response = world.client_for(user).get(f"/indicators/entry/template.xlsx?unit={world.province.pk}&period={period}")
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def fill(data: bytes, rows: dict[str, dict[str, Any]]) -> bytes:
    """The workbook with cells set by indicator code: {"BUDGET_REVENUE": {"value": "7.512,5", …}}."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.SHEET]
    by_code = {ws.cell(row=r, column=1).value: r for r in range(FIRST, ws.max_row + 1)}
    for code, values in rows.items():
        row = by_code.get(code) or ws.max_row + 1
        for key, value in {"code": code, **values}.items():
            ws[f"{excel.LETTER[key]}{row}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(world: World, user: User, data: bytes, *, period: str = "2020-H1") -> Any:
    return world.client_for(user).post("/indicators/entry/import/", {
        "unit": world.province.pk, "period": period, "file": SimpleUploadedFile("so-lieu.xlsx", data),
    })


def messages(result: excel.EntryImport) -> list[str]:
    return [str(e) for e in result.errors]


# --- the template ----------------------------------------------------------------------------------


def test_the_template_lists_what_the_unit_reports_under_a_header_naming_unit_and_period(world: World, plan: IndicatorPlan) -> None:
    wb = load_workbook(io.BytesIO(template(world, world.officer)))
    ws = wb[excel.SHEET]
    assert ws["B2"].value == "Tỉnh Thử Nghiệm"
    assert ws["B3"].value == "6 tháng đầu năm 2020 (mã kỳ 2020-H1)"
    assert ws["B4"].value.startswith("từ 15/12/2019 đến 14/06/2020")
    assert [c.value for c in ws[excel.HEADER_ROW]] == ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Mức độ số liệu", "Nguồn", "Ghi chú"]
    assert [ws.cell(row=r, column=1).value for r in range(FIRST, ws.max_row + 1)] == plan.finance_codes
    assert ws[f"C{FIRST}"].value == "tỷ đồng"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [dv.formula1 for dv in lists] == ['"Ước tính,Sơ bộ,Chính thức"']
    assert ws.protection.sheet and not ws[f"D{FIRST}"].protection.locked and ws[f"A{FIRST}"].protection.locked
    assert wb[excel.KEY_SHEET].sheet_state == "veryHidden"


def test_the_template_carries_the_figures_already_entered(world: World, plan: IndicatorPlan) -> None:
    ws = load_workbook(io.BytesIO(template(world, world.officer, "2019")))[excel.SHEET]
    assert [ws.cell(row=FIRST, column=c).value for c in (4, 5, 6)] == [14000, "Chính thức", "Báo cáo mẫu"]
    assert ws[f"D{FIRST + 2}"].value is None


def test_another_units_head_gets_a_template_of_their_own_indicators(world: World, plan: IndicatorPlan) -> None:
    ws = load_workbook(io.BytesIO(template(world, world.other_head)))[excel.SHEET]
    assert [ws.cell(row=r, column=1).value for r in range(FIRST, ws.max_row + 1)] == ["DOCTORS_PER_10K"]


# --- round trip ------------------------------------------------------------------------------------


def test_it_round_trips_a_filled_template_into_entered_figures(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer), {
        "BUDGET_REVENUE": {"value": "7.512,5", "data_status": "Sơ bộ", "source": "Báo cáo 45/BC-STC", "note": "Chưa gồm thu tiền đất"},
        "POVERTY_RATE": {"value": 3.85, "data_status": "uoc tinh"},
        "STRUCT_AGRI": {"value": 20, "data_status": "Chính thức"},
        "STRUCT_INDUSTRY": {"value": "45,5", "data_status": "Chính thức"},
        "STRUCT_SERVICES": {"value": "34,5", "data_status": "Chính thức"},
    })
    client = world.client_for(world.officer)
    response = client.post("/indicators/entry/import/", {"unit": world.province.pk, "period": "2020-H1", "file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 302
    saved = {a.indicator.code: a for a in Actual.objects.filter(period="2020-H1").select_related("indicator")}
    assert {c: a.value for c, a in saved.items()} == {
        "BUDGET_REVENUE": Decimal("7512.5"), "POVERTY_RATE": Decimal("3.85"), "STRUCT_AGRI": 20, "STRUCT_INDUSTRY": Decimal("45.5"),
        "STRUCT_SERVICES": Decimal("34.5"),
    }
    revenue = saved["BUDGET_REVENUE"]
    assert (revenue.data_status, revenue.source, revenue.note, revenue.state, revenue.entered_by_id) == (
        "preliminary", "Báo cáo 45/BC-STC", "Chưa gồm thu tiền đất", ActualState.ENTERED, world.officer.pk)
    assert saved["POVERTY_RATE"].data_status == "estimate"
    follow = client.get(response["Location"])
    assert "Đã lưu 5 số liệu của Tỉnh Thử Nghiệm, kỳ 6 tháng đầu năm 2020" in follow.content.decode()


def test_blank_values_leave_figures_alone(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer, "2019"), {"POVERTY_RATE": {"value": "4,0", "data_status": "Chính thức"}})
    result = excel.import_entries(data, actor=world.officer, unit=world.province, period="2019")
    assert result.ok and [a.indicator.code for a in result.saved] == ["POVERTY_RATE"]
    budget = Actual.objects.get(indicator__code="BUDGET_REVENUE", period="2019")
    assert budget.state == ActualState.APPROVED and budget.version == 1, "an unchanged prefilled figure is not sent back for approval"
    assert Actual.objects.get(indicator__code="POVERTY_RATE", period="2019").state == ActualState.ENTERED


# --- errors: each named by row and column, nothing written ------------------------------------------


@pytest.mark.parametrize(("rows", "expected"), [
    ({"NO_SUCH": {"value": 1, "data_status": "Sơ bộ"}}, f"Dòng {FIRST + 5}, cột A (Mã chỉ tiêu): Không có chỉ tiêu mã “NO_SUCH”."),
    ({"BUDGET_REVENUE": {"value": "bảy nghìn", "data_status": "Sơ bộ"}},
     f"Dòng {FIRST}, cột D (Giá trị): “bảy nghìn” không phải là số (viết 1.234,5 hoặc 1234,5)."),
    ({"BUDGET_REVENUE": {"value": -5, "data_status": "Sơ bộ"}},
     f"Dòng {FIRST}, cột D (Giá trị): “Thu ngân sách nhà nước trên địa bàn”: -5 nhỏ hơn mức tối thiểu 0 tỷ đồng."),
    ({"POVERTY_RATE": {"value": "120", "data_status": "Sơ bộ"}},
     f"Dòng {FIRST + 1}, cột D (Giá trị): “Tỷ lệ hộ nghèo”: 120 vượt mức tối đa 100 %."),
    ({"BUDGET_REVENUE": {"value": 7000}}, f"Dòng {FIRST}, cột E (Mức độ số liệu): Chưa chọn mức độ số liệu (Ước tính, Sơ bộ hoặc Chính thức)."),
    ({"BUDGET_REVENUE": {"value": 7000, "data_status": "Tạm tính"}},
     f"Dòng {FIRST}, cột E (Mức độ số liệu): “Tạm tính” không phải mức độ số liệu; chọn Ước tính, Sơ bộ hoặc Chính thức."),
    ({"BUDGET_REVENUE": {"data_status": "Sơ bộ", "source": "Báo cáo"}},
     f"Dòng {FIRST}, cột D (Giá trị): Chưa ghi giá trị (để trống cả dòng nếu không nhập chỉ tiêu này)."),
    ({"BUDGET_REVENUE": {"value": 7000, "data_status": "Sơ bộ", "source": "x" * 301}}, f"Dòng {FIRST}, cột F (Nguồn): Nguồn dài 301 ký tự, tối đa 300."),
    ({"DOCTORS_PER_10K": {"value": 10, "data_status": "Sơ bộ"}},
     f"Dòng {FIRST + 5}, cột A (Mã chỉ tiêu): Đơn vị của bạn không báo cáo “Số bác sĩ trên 10.000 dân” cho Tỉnh Thử Nghiệm."),
])
def test_each_kind_of_error_names_row_and_column_and_nothing_is_written(
    world: World, plan: IndicatorPlan, rows: dict[str, dict[str, Any]], expected: str,
) -> None:
    good = {"STRUCT_AGRI": {"value": 20, "data_status": "Chính thức"}, "STRUCT_INDUSTRY": {"value": 40, "data_status": "Chính thức"},
            "STRUCT_SERVICES": {"value": 40, "data_status": "Chính thức"}}
    data = fill(template(world, world.officer), {**good, **rows})
    before = Actual.objects.count()
    result = excel.import_entries(data, actor=world.officer, unit=world.province, period="2020-H1")
    assert messages(result) == [expected]
    assert Actual.objects.count() == before


def test_a_code_twice_is_refused_on_the_second_row(world: World, plan: IndicatorPlan) -> None:
    wb = load_workbook(io.BytesIO(template(world, world.officer)))
    ws = wb[excel.SHEET]
    ws[f"D{FIRST}"], ws[f"E{FIRST}"] = 7000, "Sơ bộ"
    ws[f"A{FIRST + 5}"], ws[f"D{FIRST + 5}"], ws[f"E{FIRST + 5}"] = "budget_revenue", 7100, "Sơ bộ"
    out = io.BytesIO()
    wb.save(out)
    result = excel.import_entries(out.getvalue(), actor=world.officer, unit=world.province, period="2020-H1")
    assert messages(result) == [f"Dòng {FIRST + 5}, cột A (Mã chỉ tiêu): Chỉ tiêu “BUDGET_REVENUE” đã có ở dòng {FIRST}."]


def test_shares_that_do_not_add_up_are_reported_on_each_of_their_rows(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer), {
        "BUDGET_REVENUE": {"value": 7000, "data_status": "Sơ bộ"},
        "STRUCT_AGRI": {"value": 20, "data_status": "Chính thức"}, "STRUCT_INDUSTRY": {"value": 40, "data_status": "Chính thức"},
        "STRUCT_SERVICES": {"value": 30, "data_status": "Chính thức"},
    })
    result = excel.import_entries(data, actor=world.officer, unit=world.province, period="2020-H1")
    assert [(e.row, e.column) for e in result.errors] == [(FIRST + 2, "D"), (FIRST + 3, "D"), (FIRST + 4, "D")]
    assert "cộng lại 90%, không phải 100%" in result.errors[0].message
    assert not Actual.objects.filter(period="2020-H1").exists(), "the revenue row, correct on its own, is not saved either"


def test_a_file_without_figures_is_refused(world: World, plan: IndicatorPlan) -> None:
    result = excel.import_entries(template(world, world.officer), actor=world.officer, unit=world.province, period="2020-H1")
    assert messages(result) == ["Tệp chưa có số liệu nào: cột Giá trị để trống ở mọi dòng."]


# --- the key: a file belongs to one unit and one period -----------------------------------------------


def test_a_template_of_another_period_or_unit_is_refused(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer), {"POVERTY_RATE": {"value": 3, "data_status": "Sơ bộ"}})
    result = excel.import_entries(data, actor=world.officer, unit=world.province, period="2020")
    assert messages(result) == [
        "Tệp này là mẫu của Tỉnh Thử Nghiệm, kỳ 6 tháng đầu năm 2020; không nhập được cho Tỉnh Thử Nghiệm, kỳ Năm 2020. "
        "Hãy chọn đúng địa bàn và kỳ, hoặc tải mẫu của Tỉnh Thử Nghiệm, kỳ Năm 2020."
    ]
    result = excel.import_entries(data, actor=world.officer, unit=world.finance, period="2020-H1")
    assert "không nhập được cho Sở Tài chính tỉnh Thử Nghiệm" in messages(result)[0]
    response = upload(world, world.officer, data, period="2020-Q2")
    assert response.status_code == 200 and "Tệp này là mẫu của Tỉnh Thử Nghiệm, kỳ 6 tháng đầu năm 2020" in response.content.decode()
    assert not Actual.objects.filter(indicator__code="POVERTY_RATE", period__startswith="2020").exists()


def test_an_altered_key_or_a_file_without_one_is_refused(world: World, plan: IndicatorPlan) -> None:
    wb = load_workbook(io.BytesIO(fill(template(world, world.officer), {"POVERTY_RATE": {"value": 3, "data_status": "Sơ bộ"}})))
    _payload, signature = wb[excel.KEY_SHEET]["A1"].value.rsplit(":", 1)
    forged = signing.Signer(salt=excel._SALT).sign_object({"unit": world.province.pk, "period": "2020-H2"})
    wb[excel.KEY_SHEET]["A1"] = forged.rsplit(":", 1)[0] + ":" + signature
    out = io.BytesIO()
    wb.save(out)
    result = excel.import_entries(out.getvalue(), actor=world.officer, unit=world.province, period="2020-H2")
    assert "Khóa của mẫu đã bị sửa" in messages(result)[0]
    plain = Workbook()
    plain.active.append(["Mã chỉ tiêu", "Giá trị", "Mức độ số liệu"])
    plain.active.append(["POVERTY_RATE", 3, "Sơ bộ"])
    out = io.BytesIO()
    plain.save(out)
    result = excel.import_entries(out.getvalue(), actor=world.officer, unit=world.province, period="2020-H1")
    assert "không có khóa mẫu" in messages(result)[0]
    result = excel.import_entries(b"Ma chi tieu;Gia tri\n", actor=world.officer, unit=world.province, period="2020-H1")
    assert messages(result) == ["Tệp không phải định dạng Excel .xlsx. Hãy dùng tệp mẫu tải về từ hệ thống."]


# --- warnings and the confirmation step ------------------------------------------------------------


def test_an_unusual_change_is_shown_and_saved_only_once_confirmed(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer, "2020"), {"BUDGET_REVENUE": {"value": "20.000", "data_status": "Chính thức"}})
    result = excel.import_entries(data, actor=world.officer, unit=world.province, period="2020")
    assert result.needs_confirmation and not result.saved
    [warning] = result.warnings
    assert str(warning).startswith(f"Dòng {FIRST}, cột D (Giá trị): “Thu ngân sách nhà nước trên địa bàn” tăng 42,86% so với cùng kỳ năm trước")
    assert not Actual.objects.filter(period="2020").exists()

    client = world.client_for(world.officer)
    page = upload(world, world.officer, data, period="2020")
    text = page.content.decode()
    assert page.status_code == 200 and "Cần xác nhận trước khi lưu" in text and "tăng 42,86%" in text
    token = page.context["token"]
    unconfirmed = client.post("/indicators/entry/import/", {"token": token})
    assert unconfirmed.status_code == 200 and "Hãy đánh dấu ô xác nhận" in unconfirmed.content.decode()
    assert not Actual.objects.filter(period="2020").exists()
    confirmed = client.post("/indicators/entry/import/", {"token": token, "confirm": "1"})
    assert confirmed.status_code == 302
    assert Actual.objects.get(indicator__code="BUDGET_REVENUE", period="2020").value == 20000
    again = client.post("/indicators/entry/import/", {"token": token, "confirm": "1"})
    assert again.status_code == 302, "a token is used once"


def test_another_user_cannot_confirm_someone_elses_upload(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer, "2020"), {"BUDGET_REVENUE": {"value": 20000, "data_status": "Chính thức"}})
    token = upload(world, world.officer, data, period="2020").context["token"]
    response = world.client_for(world.head).post("/indicators/entry/import/", {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert not Actual.objects.filter(period="2020").exists()


# --- permissions -----------------------------------------------------------------------------------


def test_the_page_shows_errors_by_row_and_column(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer), {"POVERTY_RATE": {"value": "abc", "data_status": "Sơ bộ"}})
    text = upload(world, world.officer, data).content.decode()
    assert "Không nhập được: 1 lỗi" in text and f"Dòng {FIRST + 1}, cột D (Giá trị)" in text


def test_who_may_download_and_upload(world: World, plan: IndicatorPlan) -> None:
    url = f"/indicators/entry/template.xlsx?unit={world.province.pk}&period=2020-H1"
    for user in (world.council_office, world.committee_office, world.delegate):
        assert world.client_for(user).get(url).status_code == 403, user.username
        assert world.client_for(user).get("/indicators/entry/import/").status_code == 403, user.username
    assert world.client_for(None).get(url).status_code == 302
    assert world.client_for(world.officer).get(f"/indicators/entry/template.xlsx?unit={world.health.pk}&period=2020-H1").status_code == 403
    response = world.client_for(world.officer).get(f"/indicators/entry/template.xlsx?unit={world.province.pk}&period=2020-H9")
    assert response.status_code == 302 and "period=2020-H9" in response["Location"]
    page = world.client_for(world.officer).get(f"/indicators/entry/import/?unit={world.province.pk}&period=2020-H1")
    text = page.content.decode()
    assert page.status_code == 200 and '<label for="template-unit">' in text and '<label for="id_file">' in text


def test_a_unit_that_does_not_report_the_indicators_in_a_file_cannot_upload_them(world: World, plan: IndicatorPlan) -> None:
    data = fill(template(world, world.officer), {"POVERTY_RATE": {"value": 3, "data_status": "Sơ bộ"}})
    result = excel.import_entries(data, actor=world.other_head, unit=world.province, period="2020-H1")
    assert messages(result) == [f"Dòng {FIRST + 1}, cột A (Mã chỉ tiêu): Đơn vị của bạn không báo cáo “Tỷ lệ hộ nghèo” cho Tỉnh Thử Nghiệm."]
    assert not Actual.objects.filter(period="2020-H1").exists()
