"""The council office manages delegate groups; the public sees a delegate's group."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login
from tests.browser.test_journeys import DUPLICATE_IDS, UNLABELLED

pytestmark = pytest.mark.browser

NEW_GROUP = "Tổ đại biểu kiểm thử (mẫu)"


def test_the_office_forms_a_group_moves_a_delegate_in_and_out_and_the_public_sees_it(page: Page, server: Server) -> None:
    login(page, server, "vanphong.hdnd")
    session = next(s["id"] for s in page.request.get("/api/v1/sessions").json()["items"] if s["term"] == 16)  # the seed's session
    page.goto(f"/sessions/{session}/")
    expect(page.get_by_role("heading", name="Tổ đại biểu", exact=True)).to_be_visible()
    expect(page.locator("ul.groups")).to_contain_text("Tổ đại biểu huyện Văn Lâm")
    page.get_by_role("link", name="Quản lý các tổ đại biểu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổ đại biểu khóa XVI")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(DUPLICATE_IDS) == []

    form = page.locator("section", has=page.get_by_role("heading", name="Lập tổ đại biểu"))
    form.get_by_label("Tên tổ đại biểu").fill(NEW_GROUP)
    form.get_by_label("Đơn vị bầu cử, địa bàn").fill("Đơn vị bầu cử kiểm thử")
    form.get_by_role("button", name="Lập tổ").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã lập {NEW_GROUP}.")
    form.get_by_label("Tên tổ đại biểu").fill(NEW_GROUP.lower())
    form.get_by_role("button", name="Lập tổ").click()
    expect(page.get_by_role("status")).to_contain_text("Khóa này đã có tổ đại biểu")

    # The demo delegates sit in district groups since 22/05/2016; one moves to the new group.
    group = page.locator("section.group", has=page.get_by_role("heading", name=NEW_GROUP))
    group.locator("summary", has_text="Thêm đại biểu vào tổ").click()
    delegate = group.get_by_label("Đại biểu", exact=True)
    name = delegate.locator("option").first.inner_text().split(" — ")[0]
    delegate.select_option(index=0)
    group.get_by_label("Vào tổ từ ngày").fill("01/07/2020")
    group.get_by_role("button", name="Thêm vào tổ").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã thêm {name} vào {NEW_GROUP} từ ngày 01/07/2020.")
    group = page.locator("section.group", has=page.get_by_role("heading", name=NEW_GROUP))
    expect(group.locator("table")).to_contain_text(name)

    # Leaving keeps the membership as history.
    group.get_by_label(f"Ngày cuối ở tổ của {name}").fill("31/12/2020")
    group.get_by_role("button", name="Rời tổ").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} rời {NEW_GROUP} sau ngày 31/12/2020")
    group = page.locator("section.group", has=page.get_by_role("heading", name=NEW_GROUP))
    expect(group.locator("table")).to_contain_text("Tổ chưa có thành viên.")
    group.locator("summary", has_text="thành viên trước đây").click()
    expect(group).to_contain_text(f"{name}: 01/07/2020 – 31/12/2020")
    if os.environ.get("THUCTHI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["THUCTHI_SCREENSHOTS"], "groups.png"), full_page=True)

    # The public reads the delegate's page: the old district group before, the test group for half a year.
    delegate_page = group.get_by_role("link", name=name).get_attribute("href")
    assert delegate_page is not None
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(delegate_page)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(re.compile(re.escape(NEW_GROUP) + r"( \([^)]*\))?: 01/07/2020 – 31/12/2020"))  # with its constituency
    expect(facts).to_contain_text("22/05/2016 – 30/06/2020")
    expect(page.get_by_role("button", name="Lập tổ")).to_have_count(0)
