"""Issue 10's notifications, in a real browser against the demo server: the officer of the
Department of Finance reports progress; the department's head sees the bell's count, opens the
notification, lands on the task and approves; the officer is told in turn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login

pytestmark = pytest.mark.browser
NARRATIVE = "Đã rà soát hồ sơ của 12/20 dự án; đang tổng hợp số liệu giải ngân (mẫu)"


def _open_a_task_to_report_on(page: Page) -> str:
    """The first task of the unit's inbox that is under way (its page offers "Gửi báo cáo")."""
    page.goto("/tasks/?view=inbox")
    hrefs = page.locator("a[href^='/tasks/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for href in [h for h in hrefs if re.fullmatch(r"/tasks/\d+/", h)]:
        page.goto(href)
        if page.get_by_role("button", name="Gửi báo cáo", exact=True).count():
            return page.get_by_role("heading", level=1).inner_text()
    raise AssertionError("the demo has no task under way for the Department of Finance")


def test_a_report_reaches_the_head_through_the_bell_and_the_approval_reaches_the_officer(page: Page, server: Server) -> None:
    login(page, server, "canbo.taichinh")
    title = _open_a_task_to_report_on(page)
    task_url = page.url
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả thực hiện").fill(NARRATIVE)
    page.get_by_role("button", name="Gửi báo cáo", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo tiến độ.")
    page.get_by_role("button", name="Đăng xuất").click()

    # The head: the bell in the header says there is something unread, by its accessible name.
    login(page, server, "lanhdao.taichinh")
    bell = page.get_by_role("link", name=re.compile(r"^Thông báo \d+ chưa đọc$"))
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo")
    notice = page.get_by_role("link", name=re.compile(r"gửi báo cáo tiến độ chờ duyệt \(60%\): " + re.escape(title))).first
    expect(notice).to_be_visible()
    notice.click()
    assert page.url == task_url
    review = page.locator("form.card", has_text=NARRATIVE)
    review.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt báo cáo.")
    expect(page.locator("#task-status")).to_be_visible()

    # Marking it read takes it off the unread list.
    page.goto("/notifications/?unread=1")
    items = page.locator(".notifications li", has_text=title).filter(has_text="chờ duyệt (60%)")
    for left in reversed(range(items.count())):  # another journey may have reported 60% on this task too
        items.first.get_by_role("button", name="Đánh dấu đã đọc").click()
        expect(items).to_have_count(left)
    page.get_by_role("button", name="Đăng xuất").click()

    # The officer hears the report was approved, and the link leads back to the task.
    login(page, server, "canbo.taichinh")
    page.get_by_role("link", name=re.compile(r"^Thông báo \d+ chưa đọc$")).click()
    page.get_by_role("link", name=f"Báo cáo tiến độ đã được duyệt: {title}").first.click()
    assert page.url == task_url
