"""The journeys a real user takes through the foundation, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, login

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_demo_session_and_its_resolutions(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")  # the browser asks for English; Vietnamese comes first
    expect(page.get_by_role("heading", name="Kỳ họp thứ 12")).to_be_visible()
    expect(page.get_by_text("khóa XVI (2016–2021)")).to_be_visible()
    expect(page.get_by_role("heading", name="13 nghị quyết được thông qua")).to_be_visible()
    page.get_by_role("link", name="Xem toàn bộ kỳ họp thứ 12").click()
    rows = page.locator("table tbody tr").first.locator("xpath=..").locator("tr")
    expect(rows).to_have_count(13)
    expect(page.get_by_text("14/07/2020 – 15/07/2020")).to_be_visible()
    expect(rows.first.locator(".badge.sample")).to_have_text("mẫu")


def test_a_visitor_finds_a_province_typed_without_diacritics(page: Page) -> None:
    page.goto("/units/")
    page.get_by_label("Tìm đơn vị").fill("hung yen")
    page.get_by_role("main").get_by_role("button", name="Tìm").click()
    first = page.locator("table.units tbody tr").first
    expect(first.get_by_role("link")).to_have_text("Tỉnh Hưng Yên")
    expect(first).to_contain_text("từ 01/07/2025")
    page.get_by_label("Tìm đơn vị").fill("so ke hoach va dau tu")
    page.get_by_role("main").get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Sở Kế hoạch và Đầu tư tỉnh Hưng Yên")).to_be_visible()


def test_a_visitor_follows_a_merged_province_to_its_successor(page: Page) -> None:
    page.goto("/units/?q=thai+binh&kind=province")
    page.get_by_role("link", name="Tỉnh Thái Bình").click()
    expect(page.get_by_role("note")).to_contain_text("Đơn vị này không còn hiệu lực")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("01/07/2025")
    expect(timeline).to_contain_text("Nghị quyết số 202/2025/QH15")
    page.get_by_role("note").get_by_role("link", name="Tỉnh Hưng Yên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Hưng Yên")
    expect(page.locator("ol.timeline")).to_contain_text("Tỉnh Thái Bình")


def test_a_bad_date_in_the_search_gets_a_vietnamese_message(page: Page) -> None:
    page.goto("/units/")
    page.get_by_label("Có hiệu lực vào ngày").fill("31/02/2020")
    page.get_by_role("main").get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("alert")).to_contain_text("Có hiệu lực vào ngày")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("hợp lệ"))


def test_a_wrong_password_is_refused_in_vietnamese(page: Page) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")


def test_a_unit_head_keeps_their_units_contact_details_up_to_date(page: Page, server: Server) -> None:
    login(page, server, "lanhdao.taichinh")
    page.get_by_role("link", name="Lãnh đạo Sở Tài chính (mẫu)").click()
    page.get_by_role("link", name="Sở Tài chính tỉnh Hưng Yên").click()
    page.get_by_label("Thư điện tử").fill("khong-phai-email")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Địa chỉ thư điện tử không hợp lệ.")
    page.get_by_label("Thư điện tử").fill("stc@hungyen.gov.vn")
    page.get_by_label("Điện thoại").fill("0221 3862 000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu thông tin liên hệ.")
    expect(page.locator("dl.facts")).to_contain_text("stc@hungyen.gov.vn")


def test_a_head_of_another_unit_sees_no_edit_form(page: Page, server: Server) -> None:
    login(page, server, "lanhdao.taichinh")
    page.goto("/units/?q=so+y+te+hung+yen")
    page.get_by_role("link", name="Sở Y tế tỉnh Hưng Yên").first.click()
    expect(page.get_by_role("heading", name="Cập nhật thông tin liên hệ")).to_have_count(0)


def test_an_officer_creates_an_api_token_and_uses_it(page: Page, server: Server) -> None:
    login(page, server, "canbo.taichinh")
    page.goto("/account/")
    page.get_by_label("Tên gợi nhớ của mã").fill("máy tính cơ quan")
    page.get_by_role("button", name="Tạo mã").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("tt_")
    response = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200
    assert response.json()["unit"]["short_name"] == "Sở Tài chính"


def test_an_administrator_verifies_the_audit_trail(page: Page, server: Server) -> None:
    login(page, server, "admin")
    page.get_by_role("link", name="Nhật ký").click()
    expect(page.get_by_role("heading", name="Nhật ký kiểm toán")).to_be_visible()
    page.get_by_role("link", name="Kiểm tra toàn vẹn chuỗi").click()
    expect(page.get_by_role("status")).to_contain_text("Chuỗi nhật ký toàn vẹn")


def test_the_interface_switches_to_english_and_back(page: Page) -> None:
    page.goto("/units/")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name=re.compile("Main", re.I))).to_be_visible()
    page.locator("#lang-select").select_option("vi")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_the_pages_fit_a_phone_and_start_with_a_skip_link(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/", "/units/?q=hung+yen", "/login/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()


def test_the_api_docs_are_served_without_any_cdn(page: Page, server: Server) -> None:
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server.url) and not r.url.startswith("data:") else None)
    page.goto("/api/docs")
    expect(page.get_by_text("Thực Thi API")).to_be_visible()
    expect(page.get_by_text("/api/v1/units", exact=True)).to_be_visible()
    assert external == []


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
  .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
  .map(e => e.outerHTML.slice(0, 80))"""


DUPLICATE_IDS = """() => { const seen = {}; const twice = [];
  for (const e of document.querySelectorAll('[id]')) { if (seen[e.id]) twice.push(e.id); seen[e.id] = true; } return twice; }"""


def test_every_control_has_a_label_and_every_id_is_unique(page: Page, server: Server) -> None:
    login(page, server, "vanphong.hdnd")
    finance = page.request.get("/api/v1/units?q=so+tai+chinh+hung+yen&valid_on=2026-01-01").json()["items"][0]["id"]
    session = page.request.get("/api/v1/sessions").json()["items"][0]["id"]
    for path in ("/", "/units/", "/login/", "/account/", f"/units/{finance}/", "/audit/", "/tasks/new/", f"/sessions/{session}/",
                 "/scorecards/", "/documents/new/", "/tasks/import/"):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
        assert page.evaluate(DUPLICATE_IDS) == [], path
