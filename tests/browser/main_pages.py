"""The main pages of the site, each seen by the demo user whose work it is: one list that the
accessibility and the phone-layout tests walk. To add a page, add one `MainPage` line.

A page is either a fixed path or the first link matching `link` on the page at `path` (a session
from the home page, a task from the hub), so the list holds on any demo data and any day.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

from tests.browser.conftest import Server, login


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str
    user: str | None = None  # a demo login; None for a visitor
    links: tuple[str, ...] = ()  # CSS selectors of the links to follow from `path`, one after the other
    status: int = 200
    links_as_visitor: bool = False  # follow `links` as a visitor, then sign in and open the page

    def __str__(self) -> str:
        return self.name


SESSION = 'main a[href^="/sessions/"]:not([href="/sessions/new/"]):not([href^="/sessions/?"])'

MAIN_PAGES = [
    MainPage("home-anonymous", "/"),
    MainPage("home-signed-in", "/", user="vanphong.ubnd"),
    MainPage("login", "/login/"),
    MainPage("not-found", "/khong-co-trang-nay/", status=404),
    MainPage("session", "/", links=(SESSION,)),
    MainPage("session-secretariat", "/sessions/", user="vanphong.hdnd", links=(SESSION,)),
    MainPage("delegate", "/delegates/", links=('main a[href^="/delegates/"]:not([href^="/delegates/?"])',)),
    MainPage("tasks-issued", "/tasks/?view=issued", user="vanphong.ubnd"),
    MainPage("tasks-all", "/tasks/?view=all", user="admin"),
    MainPage("tasks-inbox", "/tasks/?view=inbox", user="canbo.taichinh"),
    MainPage("task", "/tasks/?view=inbox", user="canbo.taichinh", links=('main table a[href^="/tasks/"]',)),
    MainPage("documents", "/documents/", user="vanphong.ubnd"),
    MainPage("scorecards", "/scorecards/", user="vanphong.ubnd"),
    MainPage("indicators", "/indicators/"),
    MainPage("indicator-target", "/indicators/", links=('a[href^="/indicators/targets/"]',)),
    MainPage("units", "/units/"),
    MainPage("unit", "/units/", links=('main table a[href^="/units/"]',)),
    MainPage("audit-log", "/audit/", user="admin"),
    MainPage("notifications", "/notifications/", user="canbo.taichinh"),
    MainPage("account", "/account/", user="canbo.taichinh"),
    MainPage("home-public", "/public/", user="canbo.taichinh"),
    MainPage("sessions", "/sessions/"),
    MainPage("resolutions", "/resolutions/"),
    MainPage("resolution", "/resolutions/", links=('main a[href^="/resolutions/"]:not([href^="/resolutions/?"])',)),
    MainPage("delegates", "/delegates/"),
    MainPage("questions", "/questions/"),
    MainPage("commitments", "/commitments/"),
    MainPage("search", "/search/?q=ngan+sach"),
    MainPage("administration", "/administration/", user="admin"),
    MainPage("administration-accounts", "/administration/accounts/", user="admin"),
]


def open_main_page(page: Page, server: Server, main_page: MainPage) -> None:
    """Sign in as the page's user (if any) and open it, failing when it answers otherwise than expected."""
    if main_page.user and not main_page.links_as_visitor:
        login(page, server, main_page.user)
    response = page.goto(main_page.path)
    for link in main_page.links:
        assert response is not None and response.status == 200, f"{page.url} answered {response and response.status}"
        href = page.locator(link).first.get_attribute("href", timeout=5000)
        assert href, f"no link {link} on {page.url}"
        response = page.goto(href)
    if main_page.user and main_page.links_as_visitor:
        target = page.url
        login(page, server, main_page.user)
        response = page.goto(target)
    assert response is not None and response.status == main_page.status, f"{page.url} answered {response and response.status}"
