"""Issue 10, in a real browser against the demo server: the officer reports from "Việc của tôi",
the unit head finds it waiting ("Chờ duyệt: n"), approves it from the approvals list, and the
counter drops."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login

pytestmark = pytest.mark.browser
NARRATIVE = "Đã hoàn thành 3/5 nội dung, gửi Sở Tư pháp thẩm định (mẫu)"


def _waiting(page: Page) -> int:
    text = page.locator("#approvals-waiting").inner_text()
    match = re.search(r"Chờ duyệt: (\d+)", text)
    assert match is not None, text
    return int(match.group(1))


def test_the_head_approves_a_report_from_the_approvals_list_and_the_counter_drops(page: Page, server: Server) -> None:
    login(page, server, "lanhdao.taichinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    before = _waiting(page)
    page.get_by_role("button", name="Đăng xuất").click()

    # The officer opens a task from "to report this period" and reports on it.
    login(page, server, "canbo.taichinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    page.locator('a[data-key="to-report"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chưa báo cáo tiến độ kỳ này")
    page.locator("ul.work-rows li a").first.click()
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả thực hiện").fill(NARRATIVE)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo tiến độ.")
    page.get_by_role("button", name="Đăng xuất").click()

    # The head sees one more waiting, opens the list from the menu and approves it there.
    login(page, server, "lanhdao.taichinh")
    assert _waiting(page) == before + 1
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Chờ duyệt").click()
    report = page.locator("form.approval", has_text=NARRATIVE)
    expect(report).to_contain_text("60%")
    report.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tasks/approvals/$"))
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt báo cáo.")
    expect(page.locator("form.approval", has_text=NARRATIVE)).to_have_count(0)
    page.get_by_role("link", name="Việc của tôi").first.click()
    assert _waiting(page) == before
