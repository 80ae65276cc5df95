"""Issue 10's resolution journey in a real browser: the council office enters a resolution's
articles, the committee office makes a task from one, the resolution page shows it there."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from thucthi.core import clock
from thucthi.workdays.calendar import WorkCalendar

pytestmark = pytest.mark.browser

# A sample text (the demo resolution's own text is not public): two articles, the second with clauses.
TEXT = """QUYẾT NGHỊ:
Điều 1. Phê chuẩn quyết toán ngân sách địa phương năm 2019 (mẫu).
Điều 2. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh công khai quyết toán ngân sách năm 2019 theo quy định.
2. Giao Thường trực Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.
"""
TITLE = "Giao Ủy ban nhân dân tỉnh công khai quyết toán ngân sách năm 2019 theo quy định."


def logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_council_office_enters_articles_and_the_committee_office_issues_a_task_from_one(page: Page, server: Server) -> None:
    # Computed from the server's clock, on a working day, so the journey passes on any day.
    deadline = WorkCalendar(days_off=frozenset(), working_days=frozenset()).next_working_day(clock.today() + dt.timedelta(days=45))

    # Anyone finds the demo session's second resolution from the public home page.
    page.goto("/")
    page.get_by_role("link", name="MẪU-02/NQ-HĐND").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nghị quyết số MẪU-02/NQ-HĐND")
    url = page.url
    expect(page.get_by_text("Chưa nhập các điều của nghị quyết.")).to_be_visible()

    # The council office pastes its text.
    login(page, server, "vanphong.hdnd")
    page.goto(url)
    page.get_by_label(re.compile("Dán toàn văn nghị quyết")).fill(TEXT)
    page.get_by_role("button", name="Tách thành các điều, khoản").click()
    expect(page.get_by_text("Đã ghi 4 điều, khoản.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Điều 2, khoản 1\. Giao Ủy ban"))).to_be_visible()
    logout(page)

    # The committee office makes a task from Điều 2, khoản 1: the form comes with the source filled in.
    login(page, server, "vanphong.ubnd")
    page.goto(url)
    clause = page.locator("article", has=page.get_by_role("heading", name=re.compile(r"^Điều 2, khoản 1\.")))
    clause.get_by_role("link", name="Giao nhiệm vụ từ điều này").click()
    expect(page.get_by_role("group", name="Căn cứ / nguồn")).to_be_visible()
    expect(page.get_by_label("Mục, điều, khoản trong văn bản")).to_have_value("Điều 2, khoản 1")
    expect(page.get_by_label("Nội dung nhiệm vụ (rõ việc)")).to_have_value(TITLE)
    expect(page.get_by_role("link", name="Xem Nghị quyết số MẪU-02/NQ-HĐND")).to_be_visible()
    page.get_by_label("Cơ quan chủ trì (rõ trách nhiệm)").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("Ngày hết hạn").fill(deadline.strftime("%d/%m/%Y"))
    # Issued short of "rõ người": refused, and the source is still there.
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_text(re.compile("Chưa đủ “6 rõ”"))).to_be_visible()
    expect(page.get_by_label("Mục, điều, khoản trong văn bản")).to_have_value("Điều 2, khoản 1")
    expect(page.get_by_role("link", name="Xem Nghị quyết số MẪU-02/NQ-HĐND")).to_be_visible()
    page.get_by_label("Người chịu trách nhiệm (rõ người)").select_option(label="Cán bộ Sở Tài chính (mẫu)")
    page.get_by_label("Cơ quan công nhận hoàn thành").select_option(label="Ủy ban nhân dân tỉnh Hưng Yên")
    page.get_by_label("Sản phẩm (rõ sản phẩm)").fill("Báo cáo công khai quyết toán")
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(page.get_by_text("Đã giao nhiệm vụ.")).to_be_visible()
    source = page.locator("#task-source")
    expect(source).to_contain_text("Nghị quyết số MẪU-02/NQ-HĐND – Điều 2, khoản 1")

    # Back on the resolution, through the task's source link: the task is under its clause.
    source.get_by_role("link", name="Nghị quyết số MẪU-02/NQ-HĐND").click()
    clause = page.locator("article", has=page.get_by_role("heading", name=re.compile(r"^Điều 2, khoản 1\.")))
    expect(clause.get_by_role("link", name=TITLE)).to_be_visible()
    expect(clause).to_contain_text("1 nhiệm vụ")
