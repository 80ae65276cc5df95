"""Issue 4's journey in a real browser: vote, question, commitment, queue, follow-up."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from thucthi.core import clock

pytestmark = pytest.mark.browser

SETUP = """
import datetime as dt
from thucthi.core import clock
from thucthi.council.models import Term
from thucthi.council.services import delegate_add
from thucthi.orgs.models import Person, Unit
from thucthi.accounts.models import User
council = Unit.objects.get(code="HDND:P33")
# The demo's current term (2026–2031), with the demo delegate on it; four more sample delegates.
today = clock.today()
term = Term.objects.get(council=council, number=18)
me = User.objects.get(username="daibieu").person
people = [me] + [Person.objects.get_or_create(full_name=f"Đại biểu kiểm thử {i} (mẫu)")[0] for i in range(4)]
for p in people:
    if not term.delegates.filter(person=p).exists():
        delegate_add(actor=None, term=term, person=p, elected_on=today - dt.timedelta(days=60), is_sample=True)
"""


def term_label() -> str:
    """The demo's current term as the session form lists it."""
    return "Hội đồng nhân dân tỉnh Hưng Yên khóa XVIII (2026–2031)"


def _setup(server: Server) -> None:
    env = {**os.environ, "THUCTHI_VAR_DIR": str(server.var_dir)}
    env.pop("DATABASE_URL", None)
    thucthi = Path(sys.executable).parent / "thucthi"
    subprocess.run([str(thucthi), "shell", "-c", SETUP], env=env, check=True, capture_output=True, timeout=60)


def record_tally(page: Page, day: dt.date, *, yes: int, no: int, abstain: int, absent: int) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Ghi kết quả"))
    form.get_by_label("Nội dung biểu quyết").fill("Thông qua Nghị quyết về kế hoạch giải ngân vốn đầu tư công")
    form.get_by_label("Nghị quyết được biểu quyết").select_option(label="Nghị quyết số 1/NQ-HĐND")
    form.get_by_label("Ngày biểu quyết").fill(day.strftime("%d/%m/%Y"))
    for label, value in (("Tán thành", yes), ("Không tán thành", no), ("Không biểu quyết", abstain), ("Vắng mặt", absent)):
        form.get_by_label(label, exact=True).fill(str(value))
    form.get_by_role("button", name="Ghi kết quả").click()


def logout(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_vote_passes_a_resolution_and_a_commitment_is_followed_to_the_next_session(page: Page, server: Server) -> None:
    _setup(server)
    today = clock.today()
    fmt = "%d/%m/%Y"

    login(page, server, "vanphong.hdnd")
    page.goto("/sessions/new/")
    page.get_by_label("Khóa").select_option(label=term_label())
    page.get_by_label("Kỳ họp thứ").fill("1")
    page.get_by_label("Khai mạc", exact=True).fill(today.strftime(fmt))
    page.get_by_label("Bế mạc", exact=True).fill((today + dt.timedelta(days=1)).strftime(fmt))
    page.get_by_role("button", name="Tạo kỳ họp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kỳ họp thứ 1")
    session_url = page.url
    page.get_by_role("button", name="Khai mạc (mở biểu quyết)").click()

    page.locator("summary", has_text="Ghi nghị quyết").click()
    page.get_by_label("Số, ký hiệu", exact=True).fill("1/NQ-HĐND")
    page.get_by_label("Ngày thông qua").fill(today.strftime(fmt))
    page.get_by_label("Trích yếu", exact=True).fill("Nghị quyết về kế hoạch giải ngân vốn đầu tư công (mẫu)")
    page.get_by_role("button", name="Ghi nghị quyết").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nghị quyết.")

    record_tally(page, today, yes=3, no=1, abstain=0, absent=2)
    expect(page.locator("form .errors")).to_contain_text("lớn hơn tổng số đại biểu của Hội đồng (5)")  # 3 + 1 + 0 + 2 = 6 > 5, said in the vote form
    record_tally(page, today, yes=3, no=1, abstain=0, absent=1)
    expect(page.get_by_role("status")).to_contain_text("THÔNG QUA (3/5 đại biểu tán thành)")
    expect(page.locator("table").first).to_contain_text("3/5 tán thành")
    logout(page)

    # A delegate registers a question for the Director of Finance.
    login(page, server, "daibieu")
    page.goto(session_url)
    page.get_by_label("Cơ quan của người bị chất vấn").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("hoặc nhập họ tên người bị chất vấn").fill("Giám đốc Sở Tài chính (mẫu)")
    page.get_by_label("Chức vụ người bị chất vấn").fill("Giám đốc Sở Tài chính")
    page.get_by_label("Nội dung chất vấn").fill("Giải pháp nâng tỷ lệ giải ngân vốn đầu tư công các tháng cuối năm là gì?")
    page.get_by_role("button", name="Đăng ký câu hỏi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã đăng ký câu hỏi chất vấn.")
    logout(page)

    # The secretariat records the answer and its commitment.
    login(page, server, "vanphong.hdnd")
    page.goto(session_url)
    page.locator("summary", has_text="Ghi câu trả lời").click()
    page.get_by_label("Nội dung trả lời").fill("Sở sẽ tham mưu điều chuyển vốn các dự án chậm giải ngân.")
    page.get_by_label("Ngày trả lời").fill(today.strftime(fmt))
    page.get_by_label("Cam kết (nếu có)").fill("Tham mưu điều chuyển vốn các dự án chậm giải ngân trước 31/12")
    page.get_by_label("Thời hạn cam kết").fill(f"31/12/{today.year}")
    page.get_by_label("Cơ quan thực hiện cam kết").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_role("button", name="Ghi câu trả lời").click()
    expect(page.get_by_role("status")).to_contain_text("cam kết đã được giao thành nhiệm vụ")
    page.get_by_role("button", name="Bế mạc").click()
    # A closed session offers reopening, with a reason, and no longer "Khai mạc".
    expect(page.get_by_role("button", name="Khai mạc (mở biểu quyết)")).to_have_count(0)
    page.locator("summary", has_text="Mở lại kỳ họp").click()
    expect(page.get_by_label("Lý do mở lại")).to_be_visible()

    # A later session: the commitment is in the follow-up list.
    page.goto("/sessions/new/")
    page.get_by_label("Khóa").select_option(label=term_label())
    page.get_by_label("Kỳ họp thứ").fill("2")
    page.get_by_label("Khai mạc", exact=True).fill((today + dt.timedelta(days=30)).strftime(fmt))
    page.get_by_label("Bế mạc", exact=True).fill((today + dt.timedelta(days=31)).strftime(fmt))
    page.get_by_role("button", name="Tạo kỳ họp").click()
    follow = page.locator("table", has=page.get_by_text("Kết quả gần nhất"))
    expect(follow).to_contain_text("Tham mưu điều chuyển vốn các dự án chậm giải ngân trước 31/12")
    logout(page)

    # The lead unit finds it in its queue.
    login(page, server, "canbo.taichinh")
    page.goto("/tasks/?view=inbox")
    expect(page.get_by_role("link", name="Tham mưu điều chuyển vốn các dự án chậm giải ngân trước 31/12")).to_be_visible()
