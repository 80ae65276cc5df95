"""The public's journey (issue 10, item 4): an anonymous visitor opens a delegate from a session,
reads the record, follows it by e-mail and confirms through the link in the e-mail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server

pytestmark = pytest.mark.browser


def _confirmation_link(server: Server, address: str) -> str:
    """`thucthi serve` without EMAIL_URL writes e-mails to its log (var/logs/server.log, or its
    output): the last confirmation to `address`."""
    logs = [server.var_dir / "logs" / "server.log", server.var_dir / "server.log"]
    log = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs if p.exists())
    mail = log[log.rindex(f"To: {address}") :]
    found = re.search(r"https?://\S+/follow/confirm/\S+/", mail)
    assert found, mail[:2000]
    return found.group(0)


def test_a_visitor_reads_a_delegates_record_and_follows_it(page: Page, server: Server) -> None:
    page.goto("/")
    session = page.evaluate(
        "[...document.querySelectorAll('main a')].map(a => a.getAttribute('href')).find(h => /^\\/sessions\\/\\d+\\/$/.test(h))"
    )
    page.locator(f"main a[href='{session}']").first.click()
    page.locator("ol.questions a[href^='/delegates/']").first.click()
    expect(page.get_by_role("heading", name="Tóm tắt hoạt động")).to_be_visible()
    expect(page.get_by_test_id("delegate-summary")).to_contain_text("câu hỏi chất vấn")
    expect(page.get_by_role("heading", name="Tham dự phiên họp")).to_be_visible()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.count("mẫu") <= 1, heading

    address = "cu-tri.kiem-thu@example.vn"
    form = page.locator("form.follow-form").first
    form.get_by_label("Nhận thư khi có thay đổi hoặc quá hạn").fill(address)
    form.get_by_role("button", name="Theo dõi").click()
    expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư của bạn")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(address)

    page.wait_for_timeout(500)  # the e-mail goes out when the request's transaction commits
    page.goto(_confirmation_link(server, address))
    expect(page.get_by_role("heading", name="Đã xác nhận theo dõi")).to_be_visible()
    page.get_by_role("link", name="Hủy theo dõi ngay").click()
    page.get_by_role("button", name="Hủy theo dõi").click()
    expect(page.get_by_role("heading", name="Đã hủy theo dõi")).to_be_visible()
