"""Issue 5's journey, in a real browser against the demo server: a unit officer enters a
half-year figure, the head approves it, the dashboard's status changes, the assessment of a
target behind schedule demands a cause and a remedy, and the remedy becomes a task."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from thucthi.core import clock

pytestmark = pytest.mark.browser
CODE = "PUBLIC_INVEST_DISBURSEMENT"
NAME = "Tỷ lệ giải ngân kế hoạch vốn đầu tư công (nguồn NSNN)"
REMEDY = "Họp giao ban hằng tuần với các chủ đầu tư chậm tiến độ (mẫu thử)"


def logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def dashboard_status(page: Page) -> str:
    page.goto("/indicators/")
    return page.locator(f"#row-{CODE} .status-cell").inner_text().strip()


def test_a_half_year_figure_is_entered_approved_assessed_and_its_remedy_becomes_a_task(page: Page, server: Server) -> None:
    # The dashboard is public; at the session only the first quarter was reported.
    assert dashboard_status(page) == "Khó đạt"

    # The Finance officer (who took over the planning department's reporting) types the figure.
    login(page, server, "canbo.taichinh")
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    page.get_by_role("link", name="Nhập số liệu").click()
    page.get_by_label("Địa bàn", exact=True).select_option(label="Tỉnh Hưng Yên (đến 30/06/2025)")
    page.get_by_label("Kỳ", exact=True).fill("2020-H1")
    page.get_by_role("button", name="Mở bảng nhập").click()
    value = page.locator(f"#value-{CODE}")
    value.fill("32")
    value.press("Enter")  # Enter moves down the column instead of submitting
    expect(value).not_to_be_focused()
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu 1 số liệu")
    logout(page)

    # The head approves it; the forecast and the status follow.
    login(page, server, "lanhdao.taichinh")
    page.goto("/indicators/review/")
    row = page.locator(f"#pending-{CODE}-2020-H1")
    expect(row).to_contain_text("32")
    row.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt số liệu.")
    assert dashboard_status(page) == "Có nguy cơ không đạt"
    logout(page)

    # The People's Committee office assesses it: at risk, so a cause and a remedy are required.
    login(page, server, "vanphong.ubnd")
    page.goto("/indicators/")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Đánh giá chỉ tiêu").click()
    page.get_by_label("Đánh giá tại kỳ").select_option("2020-H1")
    page.get_by_role("button", name="Tính lại").click()
    expect(page.locator("#assess-status")).to_have_text("Có nguy cơ không đạt")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("phải nêu nguyên nhân và ít nhất một giải pháp")
    page.get_by_label(re.compile("^Nguyên nhân")).fill("Giải phóng mặt bằng chậm; dịch Covid-19 làm chậm thi công (mẫu thử).")
    page.get_by_label("Giải pháp 1").fill(REMEDY)
    page.locator("#remedy-1-owner").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.locator("#remedy-1-person").fill("Cán bộ Sở Tài chính (mẫu)")
    page.locator("#remedy-1-due").fill((clock.today() + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("1 giải pháp đã thành nhiệm vụ")

    # The remedy is a task of the Finance department, linked back to the assessment.
    page.locator("article.card").filter(has_text=REMEDY).get_by_role("link", name=re.compile("nhiệm vụ #")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REMEDY)
    expect(page.locator("dl.facts")).to_contain_text("Sở Tài chính tỉnh Hưng Yên")
    expect(page.locator("dl.facts")).to_contain_text("Đánh giá chỉ tiêu")
