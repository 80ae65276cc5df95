"""The secretariat imports the voting system's file, and downloads the questioning resolution as Word."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook  # type: ignore[import-untyped]
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from tests.browser.test_journeys import DUPLICATE_IDS, UNLABELLED

pytestmark = pytest.mark.browser

# A term of its own (XIX), so the other journeys' terms and sessions are left as they expect.
SETUP = """
import datetime as dt
from thucthi.council.models import Session, SessionState, Term
from thucthi.council.services import delegate_add, session_create, session_set_state
from thucthi.orgs.models import Person, Unit
from thucthi.core import clock
council = Unit.objects.get(code="HDND:P33")
term, _ = Term.objects.get_or_create(council=council, number=19, defaults={"start_year": 2031, "end_year": 2036,
    "note": "Khóa và đại biểu dựng cho kiểm thử nhập biểu quyết (mẫu)"})
for i in range(6):
    person = Person.objects.get_or_create(full_name=f"Đại biểu nhập phiếu {i + 1} (mẫu)")[0]
    if not term.delegates.filter(person=person).exists():
        delegate_add(actor=None, term=term, person=person, elected_on=dt.date(2026, 1, 1), is_sample=True)
today = clock.today()
session = Session.objects.filter(term=term, number=1).first() or session_create(
    actor=None, term=term, number=1, start=today, end=today + dt.timedelta(days=1), dates_are_sample=True)
if session.state == SessionState.PLANNED:
    session_set_state(actor=None, session=session, state=SessionState.OPEN)
print(session.pk)
"""


def _setup(server: Server) -> int:
    env = {**os.environ, "THUCTHI_VAR_DIR": str(server.var_dir)}
    env.pop("DATABASE_URL", None)
    thucthi = Path(sys.executable).parent / "thucthi"
    done = subprocess.run([str(thucthi), "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True, timeout=60)
    return int(done.stdout.strip().splitlines()[-1])


def test_the_secretariat_imports_the_voting_systems_file_after_a_preview(page: Page, server: Server, tmp_path: Path) -> None:
    session = _setup(server)
    login(page, server, "vanphong.hdnd")
    page.goto(f"/sessions/{session}/")
    page.get_by_role("link", name="Nhập kết quả từ hệ thống biểu quyết điện tử (tệp Excel, CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập kết quả biểu quyết điện tử")
    assert page.evaluate(UNLABELLED) == [] and page.evaluate(DUPLICATE_IDS) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx) có sẵn danh sách đại biểu").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    ws = workbook["Biểu quyết"]
    names = [ws.cell(row=r, column=3).value for r in range(7, 13)]
    assert names == [f"Đại biểu nhập phiếu {i} (mẫu)" for i in range(1, 7)]
    ws["C2"] = "Thông qua Nghị quyết về chương trình giám sát năm 2027 (mẫu)"
    for r, choice in enumerate(["Tán thành", "tan thanh", "Tán thành", "Tán thành", "Khong tan thanh", "Tán thành hết"], start=7):
        ws.cell(row=r, column=4, value=choice)
    bad = tmp_path / "ket-qua-loi.xlsx"
    workbook.save(bad)

    page.get_by_label("Tệp kết quả từ hệ thống biểu quyết (.xlsx hoặc .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_role("heading", name="Tệp có 1 lỗi; chưa ghi kết quả nào.")).to_be_visible()
    expect(page.locator("table.problems")).to_contain_text("Trang “Biểu quyết”, dòng 12, cột D (Lựa chọn)")
    expect(page.locator("table.problems")).to_contain_text("Lựa chọn “Tán thành hết” không hợp lệ")

    ws.cell(row=12, column=4, value="Vắng mặt")
    good = tmp_path / "ket-qua.xlsx"
    workbook.save(good)
    page.get_by_label("Tệp kết quả từ hệ thống biểu quyết (.xlsx hoặc .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    preview = page.locator("table.preview")
    expect(preview).to_contain_text("Thông qua Nghị quyết về chương trình giám sát năm 2027 (mẫu)")
    expect(preview.locator("tbody tr").first).to_contain_text("Thông qua")
    if os.environ.get("THUCTHI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["THUCTHI_SCREENSHOTS"], "vote-import.png"), full_page=True)
    page.get_by_role("button", name="Ghi kết quả").click()

    expect(page.get_by_role("status")).to_contain_text("Đã ghi kết quả biểu quyết điện tử của 1 nội dung (1 thông qua).")
    vote = page.locator("ul.votes li", has_text="chương trình giám sát năm 2027")
    expect(vote).to_contain_text("tán thành 4, không tán thành 1, không biểu quyết 0, vắng 1 / tổng số 6 đại biểu (cần 4)")
    vote.locator("summary", has_text="Từng đại biểu").click()
    expect(vote).to_contain_text("Đại biểu nhập phiếu 5 (mẫu): Không tán thành")


def test_the_secretariat_downloads_the_questioning_resolution_as_word(page: Page, server: Server) -> None:
    login(page, server, "vanphong.hdnd")
    seed = next(s["id"] for s in page.request.get("/api/v1/sessions?limit=100").json()["items"] if s["term"] == 16)
    page.goto(f"/sessions/{seed}/")
    page.get_by_role("link", name="Dự thảo nghị quyết về hoạt động chất vấn").click()
    expect(page.locator("article.decree30")).to_contain_text("Về hoạt động chất vấn tại Kỳ họp thứ 12")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về bản Word (.docx)").click()
    assert download.value.suggested_filename == "du-thao-nghi-quyet-chat-van-ky-hop-12.docx"
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "NGHỊ QUYẾT" in text and "Về hoạt động chất vấn tại Kỳ họp thứ 12" in text
    assert "Tham mưu UBND tỉnh điều chuyển kế hoạch vốn đầu tư công năm 2020" in text
    header = [p.text for p in document.tables[0].rows[0].cells[1].paragraphs]
    assert header[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header[-1].endswith("năm 2020"), "the draft is dated in the session's year"
