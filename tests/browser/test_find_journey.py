"""A member of the public finds things: the search box in the header, results grouped by kind, a filtered
list, a delegate's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_journeys import DUPLICATE_IDS, UNLABELLED

pytestmark = pytest.mark.browser


def test_the_public_searches_without_diacritics_opens_a_filtered_list_and_a_delegate(page: Page, server: Server) -> None:
    page.goto("/")
    # The demo's session has no "hạ tầng"; "dau tu cong" (đầu tư công) runs through its resolutions,
    # questions and commitments, typed without diacritics.
    box = page.get_by_role("search").filter(has=page.get_by_label("Tìm trong hệ thống"))
    box.get_by_label("Tìm trong hệ thống").fill("dau tu cong")
    box.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/search/?q=dau+tu+cong")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    resolutions = page.get_by_test_id("found-resolutions")
    expect(resolutions.get_by_role("heading", level=2)).to_contain_text("Nghị quyết")
    expect(resolutions).to_contain_text("kế hoạch đầu tư công năm 2020")
    expect(page.get_by_test_id("found-questions")).to_contain_text("giải ngân vốn đầu tư công")
    # The public sees no tasks, whatever matches.
    expect(page.get_by_test_id("found-tasks")).to_have_count(0)

    resolutions.get_by_role("link", name=re.compile("^Xem tất cả")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nghị quyết của Hội đồng nhân dân")
    assert "q=dau+tu+cong" in page.url
    expect(page.get_by_label("Tìm (không cần gõ dấu)")).to_have_value("dau tu cong")
    expect(page.locator("table")).to_contain_text("MẪU-03/NQ-HĐND")
    expect(page.locator("table")).not_to_contain_text("MẪU-02/NQ-HĐND")
    page.get_by_label("Kết quả").select_option(label="Được thông qua")
    page.get_by_role("button", name="Lọc").click()
    assert "adopted=yes" in page.url
    expect(page.locator("table")).to_contain_text("MẪU-03/NQ-HĐND")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đại biểu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đại biểu Hội đồng nhân dân")
    assert page.evaluate(UNLABELLED) == []
    first = page.locator("table tbody tr").first.get_by_role("link").first
    name = first.inner_text().removesuffix("(mẫu)").strip()  # the delegate's page shows "mẫu" as a badge
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
