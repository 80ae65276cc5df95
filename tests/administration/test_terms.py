"""Terms and delegates from the administration pages, and the delegate list imported from Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from tests.conftest import World
from thucthi.audit.models import AuditRecord
from thucthi.council.io.delegate_import import import_delegates, import_template
from thucthi.council.models import Delegate, Term
from thucthi.orgs.models import Person

pytestmark = pytest.mark.django_db


def _term(world: World) -> Term:
    return Term.objects.create(council=world.council, number=17, start_year=2021, end_year=2026, start=dt.date(2021, 6, 1))


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đại biểu"
    sheet.append(["Họ và tên", "Năm sinh", "Ngày bắt đầu", "Ngày thôi làm đại biểu", "Lý do thôi"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_council_office_adds_and_edits_a_term(world: World) -> None:
    client = world.client_for(world.council_office)
    response = client.post(
        "/administration/terms/",
        {"council": world.council.pk, "number": 17, "start_year": 2021, "end_year": 2026, "delegates_total": 50},
    )
    term = Term.objects.get(council=world.council, number=17)
    assert response.status_code == 302 and term.delegates_total == 50
    page = client.post(f"/administration/terms/{term.pk}/", {"number": 17, "start_year": 2021, "end_year": 2019}).content.decode()
    assert "Năm kết thúc khóa trước năm bắt đầu." in page
    client.post(f"/administration/terms/{term.pk}/", {"number": 17, "start_year": 2021, "end_year": 2026, "delegates_total": 52})
    term.refresh_from_db()
    assert term.delegates_total == 52 and AuditRecord.objects.filter(action="council.term.update").exists()


def test_another_provinces_office_may_not_touch_this_council(world: World) -> None:
    term = _term(world)
    client = world.client_for(world.other_council_office)
    assert client.get(f"/administration/terms/{term.pk}/").status_code == 403
    page = client.post(
        "/administration/terms/", {"council": world.council.pk, "number": 18, "start_year": 2026, "end_year": 2031}
    ).content.decode()
    assert "Chọn Hội đồng nhân dân." in page and not Term.objects.filter(number=18).exists()


def test_adding_a_delegate_reuses_a_person_named_without_diacritics(world: World) -> None:
    term = _term(world)
    person = Person.objects.create(full_name="Nguyễn Văn Ân")
    client = world.client_for(world.council_office)
    client.post(f"/administration/terms/{term.pk}/delegates/", {"full_name": "Nguyen Van An", "elected_on": "01/06/2021"})
    assert Delegate.objects.get(term=term).person == person
    delegate = Delegate.objects.get(term=term)
    page = client.post(
        f"/administration/delegates/{delegate.pk}/", {"elected_on": "01/06/2021", "left_on": "01/03/2024"}
    ).content.decode()
    assert "Cần ghi lý do thôi làm đại biểu." in page
    client.post(
        f"/administration/delegates/{delegate.pk}/",
        {"elected_on": "01/06/2021", "left_on": "01/03/2024", "left_reason": "Chuyển công tác"},
    )
    delegate.refresh_from_db()
    assert delegate.left_on == dt.date(2024, 3, 1) and delegate.left_reason == "Chuyển công tác"


def test_an_import_is_all_or_nothing_with_errors_by_row_and_column(world: World) -> None:
    term = _term(world)
    data = _xlsx(
        [
            ["Trần Thị Bình", 1975, "01/06/2021"],
            ["", 1980],
            ["Lê Văn Cường", "năm", "32/13/2021"],
            ["Phạm Dũng", None, None, "01/01/2023"],
        ]
    )
    result = import_delegates(data, actor=world.council_office, term=term)
    messages = [str(e) for e in result.errors]
    assert "Dòng 3, cột A (Họ và tên): thiếu họ và tên" in messages
    assert any(m.startswith("Dòng 4, cột B (Năm sinh)") for m in messages)
    assert any(m.startswith("Dòng 4, cột C (Ngày bắt đầu)") for m in messages)
    assert any(m.startswith("Dòng 5, cột E (Lý do thôi)") for m in messages)
    assert not Delegate.objects.filter(term=term).exists() and not Person.objects.filter(full_name="Trần Thị Bình").exists()


def test_the_import_page_previews_then_records(world: World) -> None:
    term = _term(world)
    known = Person.objects.create(full_name="Hoàng Văn Định")
    client = world.client_for(world.council_office)
    template = client.get(f"/administration/terms/{term.pk}/import/template/")
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["Đại biểu", "Hướng dẫn"]
    upload = SimpleUploadedFile("ds.xlsx", _xlsx([["Hoang Van Dinh"], ["Vũ Thị Mai", 1980, "15/06/2021"]]))
    page = client.post(f"/administration/terms/{term.pk}/import/", {"file": upload}).content.decode()
    assert "Bước 2" in page and "Người đã có trong danh bạ" in page and "Thêm người mới vào danh bạ" in page
    assert not Delegate.objects.filter(term=term).exists()
    token = page.split('name="confirm" value="')[1].split('"')[0]
    response = client.post(f"/administration/terms/{term.pk}/import/", {"confirm": token})
    assert response.status_code == 302
    delegates = Delegate.objects.filter(term=term)
    assert {d.person.full_name for d in delegates} == {"Hoàng Văn Định", "Vũ Thị Mai"}
    assert delegates.get(person=known).elected_on == dt.date(2021, 6, 1)
    assert (
        client.post(f"/administration/terms/{term.pk}/import/", {"confirm": token}).status_code == 302
    )  # expired: nothing twice
    assert Delegate.objects.filter(term=term).count() == 2


def test_the_template_names_the_term(world: World) -> None:
    sheet = load_workbook(io.BytesIO(import_template(_term(world))))["Hướng dẫn"]
    assert "khóa XVII" in sheet["A1"].value


def test_the_administrator_chooses_the_council_of_a_new_term_rather_than_getting_the_first_in_the_alphabet(world: World) -> None:
    """Walked in the browser: "Thêm khóa" came preset to another province's council."""
    page = world.client_for(world.admin).get("/administration/terms/").content.decode()
    assert '<option value="" selected>— Chọn Hội đồng nhân dân —</option>' in page
