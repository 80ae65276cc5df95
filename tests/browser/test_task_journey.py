"""Issue 3's main journey, in a real browser against the demo server."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from thucthi.core import clock
from thucthi.workdays.calendar import WorkCalendar

pytestmark = pytest.mark.browser
TITLE = "Rà soát, báo cáo tiến độ giải ngân vốn đầu tư công các dự án trọng điểm"


def _day(offset: int) -> dt.date:
    """A working day `offset` days from the server's today (the browser server shares this clock), so
    that the journey's dates never fall on a day off, which would move a deadline, nor into the past."""
    return WorkCalendar(days_off=frozenset(), working_days=frozenset()).next_working_day(clock.today() + dt.timedelta(days=offset))


def _typed(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def open_task(page: Page) -> None:
    page.goto("/tasks/?view=all&q=giai+ngan+du+an+trong+diem")
    page.get_by_role("link", name=TITLE).click()


def test_a_conclusion_becomes_a_task_that_is_received_reported_extended_and_accepted(page: Page, server: Server) -> None:
    today = clock.today()
    issued, deadline, answer_by = today - dt.timedelta(days=14), _day(30), _day(5)
    extended = _day(61)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    # The People's Committee office enters the conclusion notice and assigns a task from it.
    login(page, server, "vanphong.ubnd")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_role("link", name="Nhập văn bản mới").click()
    page.get_by_label("Loại văn bản").select_option("conclusion")
    page.get_by_label("Số, ký hiệu").fill("901/TB-UBND")
    page.get_by_label("Ngày ban hành").fill(_typed(issued))
    page.get_by_label("Người ký").fill("Chủ tịch UBND tỉnh (mẫu)")
    page.get_by_label("Trích yếu").fill("Kết luận của Chủ tịch UBND tỉnh về giải ngân vốn đầu tư công (mẫu)")
    page.get_by_role("button", name="Lưu văn bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo kết luận số 901/TB-UBND")
    page.get_by_role("link", name="Giao nhiệm vụ từ văn bản này").click()

    # Only the work and the lead unit: the six-clears check refuses to issue it, saves nothing and
    # says what is missing; the office keeps what it typed as a draft, with its own button.
    page.get_by_label("Nội dung nhiệm vụ (rõ việc)").fill(TITLE)
    page.get_by_label("Mục, điều, khoản trong văn bản").fill("Mục 1")
    page.get_by_label("Cơ quan chủ trì (rõ trách nhiệm)").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("Cơ quan phối hợp", exact=True).select_option(label="Sở Nội vụ tỉnh Hưng Yên")
    page.get_by_label("Ngày hết hạn").fill(_typed(deadline))
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    refusal = page.locator("form .errors")
    expect(refusal).to_contain_text("Chưa đủ “6 rõ”: Rõ người")
    for missing in ("Rõ người", "Rõ thẩm quyền", "Rõ sản phẩm"):
        expect(refusal).to_contain_text(missing)
    for present in ("Rõ việc", "Rõ thời gian", "Rõ trách nhiệm"):
        expect(refusal).not_to_contain_text(present)
    expect(page.get_by_label("Nội dung nhiệm vụ (rõ việc)")).to_have_value(TITLE)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu dự thảo.")
    expect(page.get_by_role("heading", name="Chưa đủ “6 rõ” — chưa giao được")).to_be_visible()

    page.get_by_role("link", name="Sửa nhiệm vụ").click()
    page.get_by_label("Người chịu trách nhiệm (rõ người)").select_option(label="Cán bộ Sở Tài chính (mẫu)")
    page.get_by_label("Cơ quan công nhận hoàn thành").select_option(label="Ủy ban nhân dân tỉnh Hưng Yên")
    page.get_by_label("Sản phẩm (rõ sản phẩm)").fill("Báo cáo tiến độ giải ngân")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_role("heading", name="Chưa đủ “6 rõ” — chưa giao được")).to_have_count(0)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã giao nhiệm vụ.")
    expect(page.locator("#task-status")).to_contain_text("Chưa thực hiện")
    logout(page)

    # The Finance officer finds it in the unit's inbox, receives it and works on it.
    login(page, server, "canbo.taichinh")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#task-status")).to_contain_text("Đang thực hiện (trong hạn)")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 12/30 dự án trọng điểm")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo tiến độ.")

    page.get_by_text("Đề nghị cơ quan phối hợp").click()
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị cung cấp số liệu biên chế các ban quản lý dự án")
    page.get_by_label("Hạn trả lời").fill(_typed(answer_by))
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi đề nghị phối hợp.")

    page.get_by_text("Đề nghị gia hạn", exact=True).click()
    page.get_by_label("Thời hạn đề nghị").fill(_typed(extended))
    page.get_by_label("Lý do xin gia hạn").fill("Chờ số liệu giải ngân tháng 12 của các chủ đầu tư")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi đề nghị gia hạn.")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Đề nghị phối hợp")
    expect(timeline).to_contain_text(f"{_typed(deadline)} → {_typed(extended)}")
    logout(page)

    # The office grants the extension; the officer delivers; the office accepts completion.
    login(page, server, "vanphong.ubnd")
    open_task(page)
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page.locator("dl.facts")).to_contain_text(re.compile(re.escape(f"{_typed(extended)} (ban đầu {_typed(deadline)})")))
    logout(page)

    login(page, server, "canbo.taichinh")
    open_task(page)
    page.get_by_text("Đề nghị công nhận hoàn thành").click()
    page.get_by_label("Sản phẩm đã hoàn thành (số, ngày văn bản…)").fill("Báo cáo số 501/BC-STC (mẫu)")
    page.get_by_role("button", name="Đề nghị công nhận").click()
    logout(page)

    login(page, server, "vanphong.ubnd")
    open_task(page)
    page.get_by_role("button", name="Công nhận hoàn thành").click()
    expect(page.locator("#task-status")).to_contain_text("Hoàn thành đúng hạn")
    expect(page.locator("ol.timeline")).to_contain_text("Công nhận hoàn thành")

    # The scorecard counts it for the Department of Finance, with the tasks behind the number.
    page.get_by_role("link", name="Đánh giá").click()
    page.get_by_label("Kỳ (năm, quý, 6 tháng, tháng)").fill(quarter)
    page.get_by_role("button", name="Xem").click()
    finance = page.locator("table.scores tbody tr", has=page.get_by_role("link", name="Sở Tài chính", exact=True))
    expect(finance).to_be_visible()
    finance.locator("td").nth(3).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoàn thành đúng hạn")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_an_officer_of_another_unit_cannot_act_on_the_task(page: Page, server: Server) -> None:
    login(page, server, "canbo.taichinh")
    page.goto("/tasks/?view=inbox")
    expect(page.get_by_role("link", name=re.compile("Quy hoạch tỉnh Hưng Yên"))).to_be_visible()
    response = page.request.post("/tasks/999999/act/receive/")
    assert response.status in (403, 404)
