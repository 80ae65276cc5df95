"""Votes imported from the hall's electronic voting system: checked row by row, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from tests.conftest import World
from thucthi.audit.models import AuditRecord
from thucthi.core.errors import DomainError
from thucthi.core.text import fold
from thucthi.council.io import vote_import
from thucthi.council.models import Delegate, Session, SessionState, Vote, VoteChoice, VoteEvent, VoteMethod
from thucthi.council.selectors import delegates_in_office
from thucthi.council.services import (
    delegate_add,
    resolution_create,
    session_create,
    session_reopen,
    session_set_state,
    term_create,
    vote_record_electronic,
)
from thucthi.orgs.models import Person

DAY = dt.date(2026, 7, 14)
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Đặng Thị Giang", "Vũ Văn Hải",
         "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan"]


@pytest.fixture
def council(world: World) -> tuple[Session, list[Delegate]]:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1))
    delegates = [delegate_add(actor=None, term=term, person=Person.objects.create(full_name=n), elected_on=dt.date(2026, 3, 15)) for n in NAMES]
    return session_set_state(actor=None, session=session, state=SessionState.OPEN), delegates


def _xlsx(rows: list[list[Any]], *, title: str = "Biểu quyết", more: dict[str, list[list[Any]]] | None = None) -> bytes:
    workbook = Workbook()
    for i, (name, sheet_rows) in enumerate([(title, rows), *(more or {}).items()]):
        ws = workbook.active if i == 0 else workbook.create_sheet(name)
        ws.title = name
        for row in sheet_rows:
            ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client: Client, session: Session, data: bytes, name: str = "ket-qua.xlsx", **fields: str) -> str:
    response = client.post(f"/sessions/{session.pk}/votes/import/",
                           {"file": SimpleUploadedFile(name, data), "day": "14/07/2026", **fields})
    assert response.status_code == 200
    return response.content.decode()


def _token(page: str) -> str:
    match = re.search(r'name="confirm" value="([^"]+)"', page)
    assert match is not None, "no confirmation form: the preview failed"
    return match.group(1)


def test_the_template_filled_in_previews_then_records_the_votes(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    resolution = resolution_create(actor=None, council=world.council, number="15/NQ-HĐND", adopted_on=DAY, title="Nghị quyết về …", session=session)
    office = world.client_for(world.council_office)
    template = office.get(f"/sessions/{session.pk}/votes/import/template.xlsx")
    assert template.status_code == 200 and 'mau-nhap-bieu-quyet-ky-hop-3.xlsx' in template["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(template.content))
    ws = workbook["Biểu quyết"]
    assert [c.value for c in ws[6]][:4] == ["STT", "Mã đại biểu", "Họ và tên", "Lựa chọn"]
    in_office = [d.person.full_name for d in delegates_in_office(session.term, DAY)]
    assert sorted(in_office) == sorted(NAMES) and [ws.cell(row=r, column=3).value for r in range(7, 17)] == in_office
    assert "Hướng dẫn" in workbook.sheetnames
    ws["C2"], ws["C3"] = "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027", "15/NQ-HĐND"
    choices = ["Tán thành"] * 5 + ["tan thanh", "Không tán thành", "KHONG TAN THANH", "Không biểu quyết", None]
    for r, choice in enumerate(choices, start=7):
        ws.cell(row=r, column=4, value=choice)
    out = io.BytesIO()
    workbook.save(out)
    audit_before = AuditRecord.objects.count()

    page = _upload(office, session, out.getvalue())
    assert "Bước 2: xem trước và xác nhận" in page and "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027" in page
    assert "15/NQ-HĐND" in page and "Thông qua" in page
    assert (VoteEvent.objects.count(), Vote.objects.count(), AuditRecord.objects.count()) == (0, 0, audit_before), "a preview writes nothing"

    done = office.post(f"/sessions/{session.pk}/votes/import/", {"confirm": _token(page)}, follow=True)
    assert "Đã ghi kết quả biểu quyết điện tử của 1 nội dung (1 thông qua)." in done.content.decode()
    event = VoteEvent.objects.get()
    assert (event.method, event.yes, event.no, event.abstain, event.absent, event.total_delegates, event.passed) == (
        VoteMethod.ELECTRONIC, 6, 2, 1, 1, 10, True)
    assert event.resolution == resolution and event.votes.count() == 10
    assert AuditRecord.objects.filter(action="council.vote.record").count() == 1
    again = office.post(f"/sessions/{session.pk}/votes/import/", {"confirm": _token(page)}, follow=True)
    assert "hết hạn hoặc đã được ghi" in again.content.decode() and VoteEvent.objects.count() == 1


def test_a_csv_table_of_several_motions_matches_names_without_diacritics(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    lines = ["STT;Số ghế;Họ và tên;Nội dung biểu quyết;Kết quả"]
    for i, name in enumerate(NAMES):
        lines.append(f"{i + 1};{i + 21};{_bare(name)};Nội dung 1: thông qua chương trình giám sát;{'Tan thanh' if i < 6 else 'Khong tan thanh'}")
        # Five of six present agree: a majority of those present, not of the ten delegates.
        if i < 6:
            lines.append(f"{i + 1};{i + 21};{name};Nội dung 2: thông qua quy chế;{'Tán thành' if i < 5 else 'Không biểu quyết'}")
    data = "\r\n".join(lines).encode("utf-8-sig")
    office = world.client_for(world.council_office)
    page = _upload(office, session, data, name="export.csv")
    office.post(f"/sessions/{session.pk}/votes/import/", {"confirm": _token(page)})
    first, second = VoteEvent.objects.order_by("id")
    assert (first.motion, first.yes, first.no, first.passed) == ("Nội dung 1: thông qua chương trình giám sát", 6, 4, True)
    assert (second.yes, second.abstain, second.absent, second.total_delegates, second.passed) == (5, 1, 4, 10, False)


def _bare(name: str) -> str:
    return fold(name).title()


def test_each_bad_row_is_named_by_row_and_column_and_nothing_is_written(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    Delegate.objects.filter(pk=delegates[9].pk).update(left_on=dt.date(2026, 6, 30), left_reason="Chuyển công tác")
    rows: list[list[Any]] = [
        ["Nội dung biểu quyết: Thông qua nghị quyết về giá đất"],
        ["Số nghị quyết:", "99/NQ-HĐND"],
        [],
        ["STT", "Mã đại biểu", "Họ và tên", "Lựa chọn"],
        [1, delegates[0].pk, "Nguyễn Văn An", "Tán thành"],
        [2, None, "Nguyễn Văn Ẩn", "Tán thành"],  # row 6: nobody of that name
        [3, None, "Tran Thi Binh", "Đồng ý lắm"],  # row 7: not a choice
        [4, delegates[0].pk, None, "Tán thành"],  # row 8: the same delegate twice
        [5, 999999, "Lê Văn Cường", "Tán thành"],  # row 9: no such code
        [6, delegates[3].pk, "Lê Văn Cường", "Tán thành"],  # row 10: code and name disagree
        [7, None, "Ngô Thị Lan", "Tán thành"],  # row 11: left the council before the vote
    ]
    other: list[list[Any]] = [["Họ và tên", "Lựa chọn", "Nội dung biểu quyết", "Ngày biểu quyết"],
                              ["Vũ Văn Hải", "Tán thành", "Khác", "31/02/2026"]]
    office = world.client_for(world.council_office)
    page = _upload(office, session, _xlsx(rows, more={"Trang 2": other}))
    assert "Tệp có 8 lỗi; chưa ghi kết quả nào." in page
    expected = [
        ("Trang “Biểu quyết”, dòng 6, cột C (Họ và tên)", "Không tìm thấy đại biểu “Nguyễn Văn Ẩn” trong danh sách đại biểu khóa này. "
         "Có phải “Nguyễn Văn An”?"),
        ("Trang “Biểu quyết”, dòng 7, cột D (Lựa chọn)", "Lựa chọn “Đồng ý lắm” không hợp lệ"),
        ("Trang “Biểu quyết”, dòng 8, cột C (Họ và tên)", "Đại biểu Nguyễn Văn An đã có ở dòng 5"),
        ("Trang “Biểu quyết”, dòng 9, cột B (Mã đại biểu)", "Không có đại biểu mã “999999”"),
        ("Trang “Biểu quyết”, dòng 10, cột B (Mã đại biểu)", f"Mã {delegates[3].pk} là đại biểu Phạm Thị Dung, không phải “Lê Văn Cường”"),
        ("Trang “Biểu quyết”, dòng 11, cột C (Họ và tên)", "Ngô Thị Lan không phải đại biểu đương nhiệm ngày 14/07/2026"),
        ("Trang “Trang 2”, dòng 2, cột D (Ngày biểu quyết)", "Ngày “31/02/2026” không có thật"),
        ("Trang “Biểu quyết”, dòng 5", "Kỳ họp chưa có nghị quyết số “99/NQ-HĐND”"),
    ]
    for where, message in expected:
        assert f"{where}</td><td>{message}" in page, where
    assert (VoteEvent.objects.count(), Vote.objects.count()) == (0, 0)
    assert 'name="confirm"' not in page


def test_a_service_refusal_on_a_later_motion_undoes_the_earlier_ones(
    world: World, council: tuple[Session, list[Delegate]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    session, _ = council
    real = vote_record_electronic
    calls: list[str] = []

    def second_refused(**kwargs: Any) -> VoteEvent:
        calls.append(kwargs["motion"])
        if len(calls) == 2:
            raise DomainError("Kỳ họp không đang diễn ra: chỉ biểu quyết khi kỳ họp đang họp.")
        return real(**kwargs)

    monkeypatch.setattr("thucthi.council.io.vote_import.vote_record_electronic", second_refused)
    rows = [["Họ và tên", "Lựa chọn", "Nội dung biểu quyết"]] + [[n, "Tán thành", m] for m in ("Nội dung A", "Nội dung B") for n in NAMES]
    result = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, day=DAY)
    assert not result.ok and not result.recorded and VoteEvent.objects.count() == 0 and Vote.objects.count() == 0
    assert str(result.problems[0]) == ("Trang “Biểu quyết”, dòng 12: Nội dung “Nội dung B”: "
                                       "Kỳ họp không đang diễn ra: chỉ biểu quyết khi kỳ họp đang họp.")


def test_a_closed_session_refuses_the_file_in_vietnamese(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    session_set_state(actor=None, session=session, state=SessionState.CLOSED)
    rows = [["Họ và tên", "Lựa chọn"]] + [[n, "Tán thành"] for n in NAMES]
    page = _upload(world.client_for(world.council_office), session, _xlsx(rows), motion="Thông qua nghị quyết")
    assert "Kỳ họp không đang diễn ra" in page and "chưa ghi kết quả nào" in page
    assert VoteEvent.objects.count() == 0


def test_the_motion_and_the_day_come_from_the_form_when_the_file_has_none(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    rows = [["Ho va ten", "Lua chon"]] + [[n, "Tán thành"] for n in NAMES[:6]]
    result = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Thông qua quy chế", day=DAY + dt.timedelta(days=1))
    assert result.recorded and VoteEvent.objects.get().day == DAY + dt.timedelta(days=1)
    missing = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, day=DAY)
    assert "Thiếu nội dung biểu quyết" in str(missing.problems[0])
    outside = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Khác", day=dt.date(2026, 8, 1))
    assert "ngoài thời gian kỳ họp (14/07/2026–15/07/2026)" in str(outside.problems[0])


def test_two_delegates_of_the_same_name_need_their_code(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    twin = delegate_add(actor=None, term=session.term, person=Person.objects.create(full_name="Nguyễn Văn An"), elected_on=dt.date(2026, 3, 15))
    rows: list[list[Any]] = [["Mã đại biểu", "Họ và tên", "Lựa chọn"], [None, "Nguyen Van An", "Tán thành"], [f"DB{twin.pk}", "Nguyễn Văn An", "Không tán thành"]]
    result = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Thông qua", day=DAY)
    assert [str(p) for p in result.problems] == [
        "Trang “Biểu quyết”, dòng 2, cột B (Họ và tên): Có 2 đại biểu cùng tên “Nguyen Van An”; hãy ghi thêm mã đại biểu (xem tệp mẫu)."]
    rows[1][0] = delegates[0].pk
    assert vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Thông qua", day=DAY).recorded
    assert dict(Vote.objects.values_list("delegate_id", "choice")) == {
        **{d.pk: VoteChoice.ABSENT for d in delegates[1:]}, delegates[0].pk: VoteChoice.YES, twin.pk: VoteChoice.NO}


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "trong.csv", "Tệp rỗng."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cu.xls", "Excel 97-2003 (.xls) chưa được hỗ trợ"),
    (b"Ho va ten,Lua chon\nNguy\xean V\xe0n An,T\xe1n th\xe0nh", "ansi.csv", "không ở bảng mã UTF-8"),  # a Windows code page
    (_docx_like(), "word.xlsx", "không phải định dạng Excel .xlsx"),
    (b"PK\x03\x04broken", "hong.xlsx", "Tệp bị hỏng"),
    (b"a,b,c\n1,2,3\n", "khac.csv", "Không tìm thấy bảng kết quả"),
    ("Họ và tên,Lựa chọn\n".encode(), "rong.csv", "Tệp không có dòng kết quả nào"),
    (b"\x00\x01\x02\x03" * 10, "rac.csv", "Tệp không phải tệp CSV hay Excel .xlsx"),
    (random.Random(7).randbytes(4096), "ngau-nhien.xlsx", "nội dung không phải văn bản"),
    ("Họ và tên,Lựa chọn,Kết quả\nAn,Tán thành,Tán thành\n".encode(), "hai-cot.csv", "xuất hiện hai lần (cột B và cột C)"),
])
def test_a_file_that_is_not_a_vote_export_is_refused_without_an_error_page(
    world: World, council: tuple[Session, list[Delegate]], data: bytes, name: str, message: str,
) -> None:
    session, _ = council
    page = _upload(world.client_for(world.council_office), session, data, name=name, motion="Thông qua")
    assert message in page and VoteEvent.objects.count() == 0


def test_only_the_secretariat_imports_votes(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    for user in (world.delegate, world.head, world.committee_office):
        client = world.client_for(user)
        assert client.get(f"/sessions/{session.pk}/votes/import/").status_code == 403
        assert client.get(f"/sessions/{session.pk}/votes/import/template.xlsx").status_code == 403
    assert world.client_for(None).get(f"/sessions/{session.pk}/votes/import/").status_code == 302
    page = world.client_for(world.council_office).get(f"/sessions/{session.pk}/").content.decode()
    assert f"/sessions/{session.pk}/votes/import/" in page


def test_an_import_is_recorded_as_the_clerks_act_and_a_reopened_session_takes_it_again(
    world: World, council: tuple[Session, list[Delegate]]
) -> None:
    session, _ = council
    rows = [["Họ và tên", "Lựa chọn"]] + [[n, "Tán thành"] for n in NAMES[:6]]
    session_set_state(actor=world.council_office, session=session, state=SessionState.CLOSED)
    refused = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Thông qua quy chế", day=DAY)
    assert not refused.recorded and "Kỳ họp không đang diễn ra" in str(refused.problems[0])
    session_reopen(actor=world.council_office, session=session, reason="Ghi kết quả biểu quyết bị sót từ hệ thống")
    result = vote_import.import_votes(_xlsx(rows), actor=world.council_office, session=session, motion="Thông qua quy chế", day=DAY)
    assert result.recorded
    event = VoteEvent.objects.get()
    record = AuditRecord.objects.get(action="council.vote.record", object_id=str(event.pk))
    assert record.actor_id == world.council_office.pk and record.before is None
    assert record.after is not None and record.after["yes"] == 6
