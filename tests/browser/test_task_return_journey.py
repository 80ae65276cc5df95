"""Issue 10's task defects, in a real browser: a unit returns a wrongly assigned task and the
People's Committee office gives it to another unit; the unit head opens a report's attachment,
and a text file renamed .xlsx is refused next to its field."""

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
from thucthi.workdays.calendar import WorkCalendar

pytestmark = pytest.mark.browser
HEALTH = "Sở Y tế tỉnh Hưng Yên"
HEALTH_DIRECTOR = "Giám đốc Sở Y tế (mẫu thử)"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _typed(offset: int) -> str:
    day = WorkCalendar(days_off=frozenset(), working_days=frozenset()).next_working_day(clock.today() + dt.timedelta(days=offset))
    return day.strftime("%d/%m/%Y")


def _seed_health_director(server: Server) -> None:
    """The demo names no one in today's Department of Health: give it a (sample) director, through
    the services, so a task can be given to it with someone who answers for it."""
    script = (
        "from thucthi.core import clock\n"
        "from thucthi.orgs.models import PositionRole, Unit\n"
        "from thucthi.orgs.services import person_create, position_assign\n"
        f"unit = Unit.objects.valid_on(clock.today()).get(name={HEALTH!r})\n"
        f"person = person_create(actor=None, full_name={HEALTH_DIRECTOR!r}, is_sample=True)\n"
        "position_assign(actor=None, person=person, unit=unit, title='Giám đốc', role=PositionRole.HEAD,"
        " start=clock.today(), is_sample=True)\n"
    )
    env = {**os.environ, "THUCTHI_VAR_DIR": str(server.var_dir)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [str(Path(sys.executable).parent / "thucthi"), "shell", "-c", script], env=env, check=True, capture_output=True
    )


def _issue(page: Page, title: str) -> None:
    """The People's Committee office gives the Department of Finance a task, all six clears met."""
    page.goto("/tasks/new/")
    page.get_by_label("Nội dung nhiệm vụ (rõ việc)").fill(title)
    page.get_by_label("Cơ quan chủ trì (rõ trách nhiệm)").select_option(label="Sở Tài chính tỉnh Hưng Yên")
    page.get_by_label("Người chịu trách nhiệm (rõ người)").select_option(label="Cán bộ Sở Tài chính (mẫu)")
    page.get_by_label("Cơ quan công nhận hoàn thành").select_option(label="Ủy ban nhân dân tỉnh Hưng Yên")
    page.get_by_label("Sản phẩm (rõ sản phẩm)").fill("Báo cáo kết quả")
    page.get_by_label("Ngày hết hạn").fill(_typed(30))
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã giao nhiệm vụ.")


def _open(page: Page, title: str) -> None:
    page.goto("/tasks/?view=all")
    page.get_by_role("link", name=title).first.click()


def test_a_returned_task_goes_to_another_unit_through_the_button(page: Page, server: Server) -> None:
    _seed_health_director(server)
    title = f"Kiểm tra an toàn thực phẩm tại bếp ăn tập thể khu công nghiệp (mẫu {clock.today():%d%m})"
    login(page, server, "vanphong.ubnd")
    _issue(page, title)
    task_url = page.url
    page.get_by_role("button", name="Đăng xuất").click()

    # The Department of Finance sends it back: not its function.
    login(page, server, "canbo.taichinh")
    page.goto(task_url)
    page.get_by_text("Trả lại (giao không đúng)").click()
    page.get_by_label("Lý do").first.fill("Thuộc chức năng quản lý nhà nước của ngành y tế")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã trả lại nhiệm vụ.")
    page.get_by_role("button", name="Đăng xuất").click()

    # The office gives it to the Department of Health; a missing reason is said next to its field.
    login(page, server, "vanphong.ubnd")
    page.goto(task_url)
    page.get_by_text("Giao lại cho đơn vị khác").click()
    page.get_by_label("Giao cho cơ quan chủ trì").select_option(label=HEALTH)
    page.get_by_label("Người chịu trách nhiệm (rõ người)").select_option(label=HEALTH_DIRECTOR)
    page.get_by_role("button", name="Giao lại", exact=True).click()
    expect(page.locator("#reassign .field-error")).to_contain_text("Cần nêu lý do giao lại cho đơn vị khác.")
    expect(page.get_by_label("Giao cho cơ quan chủ trì").locator("option:checked")).to_have_text(HEALTH)  # kept as chosen
    page.get_by_label("Lý do giao lại").fill("Sở Tài chính trả lại đúng: thuộc chức năng ngành y tế")
    page.get_by_role("button", name="Giao lại", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã giao lại nhiệm vụ cho {HEALTH}.")
    expect(page.locator("dl.facts")).to_contain_text(HEALTH)
    expect(page.locator("dl.facts")).to_contain_text(HEALTH_DIRECTOR)
    timeline = page.locator("ol.timeline").last
    expect(timeline).to_contain_text("Trả lại do giao không đúng")
    expect(timeline).to_contain_text(f"Giao lại cho {HEALTH}: Sở Tài chính trả lại đúng")


def test_the_unit_head_opens_a_reports_attachment_and_a_renamed_text_file_is_refused(
    page: Page, server: Server, tmp_path: Path
) -> None:
    title = f"Báo cáo rà soát biên chế các ban quản lý dự án (mẫu {clock.today():%d%m})"
    login(page, server, "vanphong.ubnd")
    _issue(page, title)
    task_url = page.url
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, server, "canbo.taichinh")
    page.goto(task_url)
    page.get_by_role("button", name="Tiếp nhận").click()
    fake = tmp_path / "bang-bien-che.xlsx"
    fake.write_text("đây chỉ là văn bản, không phải bảng tính\n", encoding="utf-8")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 4/10 ban quản lý dự án")
    page.get_by_label("Tệp đính kèm (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG; tối đa 10 MB)").set_input_files(str(fake))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#progress-form .field-error")).to_contain_text("không phải tệp XLSX thật")
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value("Đã rà soát 4/10 ban quản lý dự án")

    real = tmp_path / "bao-cao-bien-che.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Tệp đính kèm (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG; tối đa 10 MB)").set_input_files(str(real))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo cáo tiến độ.")
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, server, "lanhdao.taichinh")
    page.goto(task_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp đính kèm").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
