"""On a 390×844 phone: the header folds into a Menu button, tables read as cards, and no main
page is wider than the screen, signed in or not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import Server
from tests.browser.main_pages import MAIN_PAGES, MainPage, open_main_page

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


# Every main page as its own user, and the public ones signed in as well.
PHONE_PAGES = MAIN_PAGES + [
    MainPage(f"{p.name}-signed-in", p.path, user="canbo.taichinh", links=p.links, status=p.status, links_as_visitor=True)
    for p in MAIN_PAGES
    if p.user is None and p.name not in ("login", "home-anonymous")
]


@pytest.mark.parametrize("main_page", PHONE_PAGES, ids=str)
def test_nothing_is_wider_than_the_phone(phone: Page, server: Server, main_page: MainPage) -> None:
    open_main_page(phone, server, main_page)
    width = phone.evaluate("document.documentElement.scrollWidth")
    too_wide = phone.evaluate(
        """limit => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
        PHONE["width"],
    )
    assert width <= PHONE["width"], f"{phone.url} is {width}px wide; too wide: {too_wide}"


def test_the_menu_folds_behind_a_button_and_opens_on_a_tap(phone: Page, server: Server) -> None:
    phone.goto("/")
    menu = phone.get_by_role("button", name="Menu")
    units = phone.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(units).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(units).to_be_visible()
    phone.keyboard.press("Escape")
    expect(units).to_be_hidden()
    expect(menu).to_be_focused()
    # The header takes a strip, not a quarter of the screen.
    header = phone.locator("header.site").bounding_box()
    assert header is not None and header["height"] < 844 / 8


def test_without_javascript_the_menu_is_simply_open(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị")).to_be_visible()
    expect(page.locator(".menu-toggle")).to_be_hidden()
    context.close()


def test_the_wide_screen_shows_the_menu_without_a_button(page: Page) -> None:
    page.goto("/")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị")).to_be_visible()


def test_a_task_list_reads_as_one_card_per_task_with_each_value_named(phone: Page, server: Server) -> None:
    open_main_page(phone, server, MainPage("tasks", "/tasks/?view=all", user="admin"))
    row = phone.locator("main table tbody tr").first
    expect(phone.locator("main table thead")).not_to_be_in_viewport()
    deadline = row.locator("td[data-label='Thời hạn']")
    assert deadline.evaluate("td => getComputedStyle(td).display") == "block"
    assert deadline.evaluate("td => getComputedStyle(td, '::before').content") == '"Thời hạn"'
