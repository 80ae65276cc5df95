"""Administration in the browser: the administrator opens an account for a unit, resets its password,
adds a make-up Saturday and records a rename; the council office imports a delegate list."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from tests.browser.test_journeys import DUPLICATE_IDS, UNLABELLED
from thucthi.core import clock

pytestmark = pytest.mark.browser


def _a_saturday_next_year() -> dt.date:
    day = dt.date(clock.today().year + 1, 3, 1)
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


def _one_time_password(page: Page) -> str:
    return page.locator("#one-time-password").inner_text().strip()


def test_the_administrator_opens_an_account_resets_it_adds_a_saturday_and_records_a_rename(page: Page, server: Server) -> None:
    login(page, server, "admin")
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    assert page.evaluate(UNLABELLED) == [] and page.evaluate(DUPLICATE_IDS) == []
    page.get_by_label("Tên đăng nhập").fill("canbo.moi")
    page.get_by_label("Họ và tên").fill("Cán Bộ Mới (mẫu)")
    page.get_by_label("Vai trò").select_option(label="Cán bộ đơn vị")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo tài khoản canbo.moi")
    first = _one_time_password(page)
    assert len(first) == 14

    page.get_by_role("link", name="Về trang tài khoản").click()
    page.get_by_role("link", name="Đặt lại mật khẩu").click()
    page.get_by_role("button", name="Đặt lại mật khẩu").click()
    second = _one_time_password(page)
    assert second and second != first

    saturday = _a_saturday_next_year()
    page.goto("/administration/")
    page.get_by_role("link", name="Ngày làm việc").click()
    page.get_by_label("Ngày", exact=True).fill(f"{saturday:%d/%m/%Y}")
    page.get_by_label("Loại").select_option(label="Ngày làm việc (làm bù)")
    page.get_by_label("Tên ngày").fill("Làm bù (mẫu)")
    page.get_by_label("Căn cứ").fill("Thông báo (mẫu) số 1/TB-BNV")
    page.get_by_role("button", name="Thêm ngày").click()
    expect(page.locator(".msg-success, .messages").first).to_contain_text(f"{saturday:%d/%m/%Y}")
    expect(page.get_by_role("cell", name="Làm bù (mẫu)")).to_be_visible()

    page.goto("/administration/")
    page.get_by_role("link", name="Sắp xếp đơn vị").click()
    page.get_by_label("Đổi tên").check()
    page.get_by_label("Tìm đơn vị đang hoạt động").fill("khu cong nghiep hung yen")
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    page.get_by_label("Ban Quản lý các khu công nghiệp tỉnh Hưng Yên được sắp xếp").check()
    page.get_by_label("Tên đơn vị mới (mỗi dòng một tên)").fill("Ban Quản lý các khu kinh tế và công nghiệp tỉnh Hưng Yên (mẫu)")
    page.get_by_label("Ngày có hiệu lực").fill(f"01/01/{clock.today().year + 1}")
    page.get_by_label("Căn cứ pháp lý").fill("Quyết định (mẫu) số 99/QĐ-UBND")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", name="Sẽ ghi")).to_be_visible()
    assert page.evaluate(UNLABELLED) == [] and page.evaluate(DUPLICATE_IDS) == []
    page.get_by_role("button", name="Xác nhận và ghi").click()
    expect(page.get_by_text("Đã ghi việc sắp xếp theo Quyết định (mẫu) số 99/QĐ-UBND.")).to_be_visible()
    expect(page.get_by_text("Ban Quản lý các khu kinh tế và công nghiệp tỉnh Hưng Yên (mẫu)").first).to_be_visible()


def test_the_council_office_imports_a_delegate_list_after_a_preview(page: Page, server: Server, tmp_path: Path) -> None:
    login(page, server, "vanphong.hdnd")
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name="Khóa và đại biểu").click()
    page.get_by_label("Khóa", exact=True).fill("21")
    page.get_by_label("Năm bắt đầu").fill("2041")
    page.get_by_label("Năm kết thúc").fill("2046")
    page.get_by_role("button", name="Thêm khóa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("khóa XXI")
    page.get_by_role("link", name="Nhập danh sách đại biểu từ Excel").click()
    assert page.evaluate(UNLABELLED) == [] and page.evaluate(DUPLICATE_IDS) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook["Đại biểu"]
    sheet.append(["Đại biểu nhập danh sách một (mẫu)", 1978, "01/07/2041"])
    sheet.append(["Đại biểu nhập danh sách hai (mẫu)", None, None, "01/03/2043", "Chuyển công tác"])
    path = tmp_path / "dai-bieu.xlsx"
    workbook.save(path)

    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_role("heading", name="Bước 2: xem trước và xác nhận")).to_be_visible()
    page.get_by_role("button", name="Ghi danh sách đại biểu").click()
    expect(page.get_by_text("Đã ghi 2 đại biểu từ tệp.")).to_be_visible()
    expect(page.get_by_role("link", name="Đại biểu nhập danh sách hai (mẫu)")).to_be_visible()
    expect(page.get_by_role("cell", name="Chuyển công tác")).to_be_visible()
