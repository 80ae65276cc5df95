"""A click on an action that cannot be undone asks first; saying no leaves everything as it was."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Dialog, expect

from tests.browser.conftest import Server
from tests.browser.main_pages import MainPage, open_main_page

pytestmark = pytest.mark.browser


def test_cancelling_a_task_asks_and_no_keeps_the_task(browser: Browser, server: Server) -> None:
    # A context of its own: the shared `page` fixture answers yes to every question.
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    open_main_page(
        page, server, MainPage("task", "/tasks/?view=issued", user="vanphong.ubnd", links=('main table a[href^="/tasks/"]',))
    )
    asked: list[str] = []

    def say_no(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", say_no)
    page.locator("summary", has_text="Hủy nhiệm vụ").click()
    page.locator("#cancel-reason").fill("Thử hỏi trước khi hủy")
    url = page.url
    page.get_by_role("button", name="Hủy nhiệm vụ").click()
    expect(page.get_by_role("button", name="Hủy nhiệm vụ")).to_be_visible()
    assert asked and asked[0].startswith("Hủy nhiệm vụ “") and "không khôi phục được" in asked[0]
    assert page.url == url
    expect(page.locator("#cancel-reason")).to_have_value("Thử hỏi trước khi hủy")
    context.close()
