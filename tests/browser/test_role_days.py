"""Each role's day, walked in Chromium through links and buttons only: the site is opened at its
home page and nothing else is typed into the address bar (issue 10, "Done when").

The days follow one thread, in order: the council office creates and opens a session, records a
resolution, its vote and its articles; the delegate registers a question; the office records the
answer, whose commitment becomes a task of a unit in force; the People's Committee office makes a
task from the resolution's article; the administrator opens an account for the coordinating unit;
the officer receives, reports, asks for coordination and an extension; the coordinating unit
answers; the head approves the report; the office grants the extension and reminds an overdue
task; the public reads what came of it. Each one sees the notifications the others caused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from thucthi.core import clock

pytestmark = pytest.mark.browser

FMT = "%d/%m/%Y"
RESOLUTION = "77/NQ-HĐND"
RESOLUTION_TITLE = "Nghị quyết về giải ngân vốn đầu tư công các tháng cuối năm (mẫu)"
ARTICLES = """Điều 1. Giải pháp đẩy nhanh giải ngân vốn đầu tư công
1. Rà soát, điều chuyển vốn của các dự án chậm giải ngân sang dự án có khối lượng.
2. Hằng tháng công khai tỷ lệ giải ngân của từng chủ đầu tư.
Điều 2. Tổ chức thực hiện
Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết."""
QUESTION = "Giải pháp nâng tỷ lệ giải ngân vốn đầu tư công các tháng cuối năm của Sở Tài chính là gì?"
COMMITMENT = "Tham mưu điều chuyển vốn các dự án chậm giải ngân trong tháng này (mẫu)"
TASK = "Rà soát, điều chuyển vốn của các dự án chậm giải ngân (mẫu)"
COORDINATOR = "canbo.xaydung"
STATE: dict[str, Any] = {}


def shot(page: Page, name: str) -> None:
    """With THUCTHI_SCREENSHOTS set (`make screenshots`), keep this page as the README shows it."""
    folder = os.environ.get("THUCTHI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def typed(day: dt.date) -> str:
    return day.strftime(FMT)


def start_day(page: Page, server: Server, username: str) -> None:
    """Open the site at its home page and sign in through the header's link."""
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(STATE.get(f"password:{username}") or server.logins[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    if page.get_by_role("heading", level=1, name="Đổi mật khẩu").count():
        # A password the administrator gave must be replaced before anything else.
        fields = page.locator("main input[type=password]")
        fields.nth(0).fill(STATE[f"password:{username}"])
        STATE[f"password:{username}"] = "Xay-dung-2026-rieng"
        fields.nth(1).fill(STATE[f"password:{username}"])
        fields.nth(2).fill(STATE[f"password:{username}"])
        page.get_by_role("button", name="Đổi mật khẩu").click()
        page.get_by_role("link", name="Trang chủ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")


def end_day(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def open_notification(page: Page, text: str) -> None:
    """The bell in the header, then the notification that says `text`, which leads to its page."""
    page.get_by_role("link", name=re.compile("Thông báo")).first.click()
    page.get_by_role("link", name=text).first.click()


def click_first_task(page: Page) -> None:
    """Open the first task the page lists (a link to a task's own page)."""
    links = page.get_by_role("main").locator("a[href^='/tasks/']")
    for i in range(links.count()):
        if re.fullmatch(r"/tasks/\d+/", links.nth(i).get_attribute("href") or ""):
            links.nth(i).click()
            return
    raise AssertionError("the page lists no task")


def test_1_the_council_office_creates_opens_and_records_a_session(page: Page, server: Server) -> None:
    today = clock.today()
    start_day(page, server, "vanphong.hdnd")
    page.get_by_role("link", name="Kỳ họp", exact=True).click()
    page.get_by_role("link", name="Thêm kỳ họp").click()
    page.get_by_label("Khóa").select_option(label="Hội đồng nhân dân tỉnh Hưng Yên khóa XVIII (2026–2031)")
    page.get_by_label("Kỳ họp thứ").fill("7")
    page.get_by_label("Khai mạc", exact=True).fill(typed(today))
    page.get_by_label("Bế mạc", exact=True).fill(typed(today + dt.timedelta(days=1)))
    page.get_by_role("button", name="Tạo kỳ họp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kỳ họp thứ 7")
    page.get_by_role("button", name="Khai mạc (mở biểu quyết)").click()
    expect(page.get_by_role("status")).to_contain_text("Kỳ họp đang diễn ra.")

    page.locator("summary", has_text="Ghi nghị quyết").click()
    page.get_by_label("Số, ký hiệu", exact=True).fill(RESOLUTION)
    page.get_by_label("Ngày thông qua").fill(typed(today))
    page.get_by_label("Trích yếu", exact=True).fill(RESOLUTION_TITLE)
    page.get_by_role("button", name="Ghi nghị quyết").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nghị quyết.")

    # The hall's voting system records each delegate's choice: every delegate of the term agrees
    # (however many other journeys have added to the term).
    page.locator("summary", has_text="Ghi biểu quyết điện tử").click()
    electronic = page.locator("form", has=page.get_by_role("button", name="Ghi biểu quyết", exact=True))
    electronic.get_by_label("Nội dung biểu quyết").fill(f"Thông qua {RESOLUTION_TITLE}")
    electronic.get_by_label("Nghị quyết được biểu quyết").select_option(label=f"Nghị quyết số {RESOLUTION}")
    electronic.get_by_label("Ngày biểu quyết").fill(typed(today))
    choices = electronic.locator("fieldset select")
    for i in range(choices.count()):
        choices.nth(i).select_option("yes")
    electronic.get_by_role("button", name="Ghi biểu quyết", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi biểu quyết điện tử: THÔNG QUA")

    page.get_by_role("link", name=RESOLUTION).first.click()
    if not page.locator("#paste-form").is_visible():  # open by itself while the resolution has no article
        page.locator("summary", has_text="Dán toàn văn").click()
    page.get_by_label(re.compile("Dán toàn văn nghị quyết")).fill(ARTICLES)
    page.get_by_role("button", name="Tách thành các điều, khoản").click()
    expect(page.get_by_role("heading", name=re.compile("Điều 1, khoản 1"))).to_be_visible()
    shot(page, "resolution")
    end_day(page)


def test_2_the_delegate_registers_a_question_where_registration_is_open(page: Page, server: Server) -> None:
    start_day(page, server, "daibieu")
    page.get_by_role("link", name=re.compile("Kỳ họp thứ 7")).first.click()
    page.get_by_label("Cơ quan của người bị chất vấn").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("hoặc nhập họ tên người bị chất vấn").fill("Giám đốc Sở Tài chính (mẫu)")
    page.get_by_label("Chức vụ người bị chất vấn").fill("Giám đốc Sở Tài chính")
    page.get_by_label("Nội dung chất vấn").fill(QUESTION)
    page.get_by_role("button", name="Đăng ký câu hỏi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã đăng ký câu hỏi chất vấn.")
    shot(page, "session")
    end_day(page)


def test_3_the_council_office_records_the_answer_and_its_commitment_becomes_a_task(page: Page, server: Server) -> None:
    today = clock.today()
    start_day(page, server, "vanphong.hdnd")
    open_notification(page, "chất vấn")
    page.locator("summary", has_text="Ghi câu trả lời").first.click()
    page.get_by_label("Nội dung trả lời").fill("Sở sẽ tham mưu điều chuyển vốn các dự án chậm giải ngân.")
    page.get_by_label("Cam kết (nếu có)").fill(COMMITMENT)
    page.get_by_label("Thời hạn cam kết").fill(typed(today + dt.timedelta(days=20)))
    expect(page.get_by_label("Cơ quan thực hiện cam kết")).to_have_value(re.compile(r"\d+"))
    page.get_by_role("button", name="Ghi câu trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("cam kết đã được giao thành nhiệm vụ")
    end_day(page)


def test_4_the_committee_office_makes_a_task_from_the_resolutions_article(page: Page, server: Server) -> None:
    today = clock.today()
    start_day(page, server, "vanphong.ubnd")
    page.get_by_role("link", name="Nghị quyết", exact=True).click()
    page.get_by_role("link", name=RESOLUTION_TITLE).first.click()
    article = page.locator("section, article, div.card", has=page.get_by_role("heading", name=re.compile("Điều 1, khoản 1"))).last
    article.get_by_role("link", name="Giao nhiệm vụ từ điều này").click()
    expect(page.get_by_label("Mục, điều, khoản trong văn bản")).to_have_value(re.compile("Điều 1"))
    page.get_by_label("Nội dung nhiệm vụ (rõ việc)").fill(TASK)
    page.get_by_label("Cơ quan chủ trì (rõ trách nhiệm)").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("Người chịu trách nhiệm (rõ người)").select_option(label="Cán bộ Sở Tài chính (mẫu)")
    page.get_by_label("Cơ quan công nhận hoàn thành").select_option(label="Ủy ban nhân dân tỉnh Hưng Yên")
    page.get_by_label("Sản phẩm (rõ sản phẩm)").fill("Báo cáo kết quả điều chuyển vốn")
    page.get_by_label("Cơ quan phối hợp", exact=True).select_option(label="Sở Xây dựng tỉnh Hưng Yên")
    page.get_by_label("Ngày hết hạn").fill(typed(today + dt.timedelta(days=30)))
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã giao nhiệm vụ.")
    expect(page.get_by_role("link", name=RESOLUTION)).to_be_visible()
    end_day(page)


def test_5_the_administrator_opens_an_account_for_the_coordinating_unit(page: Page, server: Server) -> None:
    start_day(page, server, "admin")
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name=re.compile("Tài khoản")).first.click()
    shot(page, "administration")
    page.get_by_role("link", name=re.compile("Tạo tài khoản|Thêm tài khoản")).first.click()
    page.get_by_label("Tên đăng nhập").fill(COORDINATOR)
    page.get_by_label("Họ và tên").fill("Cán bộ Sở Xây dựng (mẫu)")
    page.get_by_label("Vai trò").select_option(label="Cán bộ đơn vị")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Sở Xây dựng tỉnh Hưng Yên")
    page.get_by_role("button", name=re.compile("Tạo tài khoản|Lưu")).click()
    shown = page.locator("#one-time-password")
    expect(shown).to_be_visible()
    STATE[f"password:{COORDINATOR}"] = shown.inner_text().strip()
    end_day(page)


def test_6_the_unit_officer_receives_reports_and_asks_for_help_and_time(page: Page, server: Server) -> None:
    today = clock.today()
    start_day(page, server, "canbo.taichinh")
    shot(page, "my-work")
    open_notification(page, TASK)
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#task-status")).to_contain_text("Đang thực hiện (trong hạn)")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 12/30 dự án chậm giải ngân")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo tiến độ.")
    page.get_by_text("Đề nghị cơ quan phối hợp").click()
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị cung cấp khối lượng thực hiện các công trình xây dựng")
    page.get_by_label("Hạn trả lời").fill(typed(today + dt.timedelta(days=5)))
    page.get_by_role("button", name="Gửi đề nghị", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi đề nghị phối hợp.")
    page.get_by_text("Đề nghị gia hạn", exact=True).click()
    page.get_by_label("Thời hạn đề nghị").fill(typed(today + dt.timedelta(days=60)))
    page.get_by_label("Lý do xin gia hạn").fill("Chờ số liệu giải ngân tháng 12 của các chủ đầu tư")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi đề nghị gia hạn.")
    shot(page, "task")
    end_day(page)


def test_7_the_coordinating_unit_answers(page: Page, server: Server) -> None:
    start_day(page, server, COORDINATOR)
    open_notification(page, "phối hợp")
    page.get_by_label("Nội dung trả lời").fill("Đã gửi bảng khối lượng thực hiện 18 công trình (mẫu)")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("trả lời")
    end_day(page)


def test_8_the_unit_head_approves_the_report(page: Page, server: Server) -> None:
    start_day(page, server, "lanhdao.taichinh")
    page.get_by_role("link", name="Chờ duyệt", exact=True).click()
    shot(page, "approvals")
    row = page.locator("li, tr, article", has_text="Đã rà soát 12/30 dự án chậm giải ngân").last
    row.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_role("status")).to_contain_text("Đã duyệt")
    expect(page.get_by_text("Đã rà soát 12/30 dự án chậm giải ngân")).to_have_count(0)
    end_day(page)


def test_9_the_committee_office_grants_the_extension_and_reminds_an_overdue_task(page: Page, server: Server) -> None:
    start_day(page, server, "vanphong.ubnd")
    open_notification(page, "gia hạn")
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page.get_by_role("status")).to_contain_text("gia hạn")
    page.get_by_role("link", name="Trang chủ").click()
    page.get_by_role("link", name=re.compile("Đã giao, quá hạn")).first.click()
    click_first_task(page)
    page.get_by_role("button", name="Nhắc việc").click()
    expect(page.get_by_role("status")).to_contain_text("nhắc")
    end_day(page)


def test_10_the_officer_sees_the_approval_and_the_extension_arrive(page: Page, server: Server) -> None:
    start_day(page, server, "canbo.taichinh")
    page.get_by_role("link", name=re.compile("Thông báo")).first.click()
    notices = page.get_by_role("main")
    expect(notices).to_contain_text("duyệt")
    expect(notices).to_contain_text("gia hạn")
    expect(notices).to_contain_text("trả lời")
    shot(page, "notifications")
    end_day(page)


def test_11_the_public_reads_what_came_of_the_resolution_and_the_question(page: Page) -> None:
    page.goto("/")
    page.get_by_role("searchbox").first.fill("giai ngan von dau tu cong cac thang cuoi nam")
    page.get_by_role("button", name="Tìm").first.click()
    shot(page, "search")
    page.get_by_role("link", name=RESOLUTION).first.click()
    expect(page.get_by_text("Đã thông qua").first).to_be_visible()
    expect(page.get_by_text(TASK).first).to_be_visible()  # the public reads the task and its status, not its page
    page.get_by_role("link", name="Đại biểu", exact=True).click()
    page.get_by_role("link", name="Đại biểu HĐND tỉnh", exact=True).first.click()  # its "mẫu" is the badge beside it
    expect(page.get_by_text(QUESTION)).to_be_visible()
    shot(page, "delegate")
