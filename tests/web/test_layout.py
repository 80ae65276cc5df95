"""The page frame every template shares: a folding menu that works for whatever links it holds,
the site script loaded with `defer`, and no inline script or handler (a strict CSP holds)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import World
from thucthi.notifications.models import Kind
from thucthi.notifications.services import notify

TEMPLATES = Path(__file__).resolve().parents[2] / "thucthi" / "web" / "templates"


class _Frame(HTMLParser):
    """Where the menu box opens and closes, relative to the header."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.menu_parents: list[str] = []
        self.menu_children: list[str] = []
        self.menu_closed_inside_header = False
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.inline_handlers += [f"{tag} {k}" for k in a if k.startswith("on")]
        if any(x.get("id") == "site-menu" for _, x in self.stack):
            self.menu_children.append(tag)
        if a.get("id") == "site-menu":
            self.menu_parents = [t for t, _ in self.stack]
        if tag not in ("input", "meta", "link", "br", "img", "hr"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, a = self.stack.pop()
            if a.get("id") == "site-menu":
                self.menu_closed_inside_header = any(t == "header" for t, _ in self.stack)
            if open_tag == tag:
                break


def test_the_menu_box_holds_the_navigation_inside_the_header(world: World) -> None:
    for user in (None, world.officer):
        page = world.client_for(user).get("/").content.decode()
        frame = _Frame()
        frame.feed(page)
        assert "header" in frame.menu_parents and frame.menu_closed_inside_header
        assert "nav" in frame.menu_children
        assert re.search(
            r'<button type="button" class="menu-toggle" aria-expanded="true" aria-controls="site-menu" hidden>', page
        )
        assert re.search(r'<script src="/static/thucthi/site\.js" defer></script>', page)
        assert not frame.inline_handlers


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert not offenders


def test_the_folded_menu_still_shows_how_many_notifications_wait(world: World, db: None) -> None:
    """Walked on a phone: the bell and its count were inside the folded menu, out of sight."""
    notify(recipients=[world.officer], kind=Kind.REMINDER, key="layout-test", message="Sắp đến hạn (mẫu)")
    page = world.client_for(world.officer).get("/").content.decode()
    assert '<span class="count-badge">1<span class="sr-only"> thông báo chưa đọc</span>' in _menu_toggle(page)
    assert "count-badge" not in _menu_toggle(world.client_for(world.head).get("/").content.decode())


def _menu_toggle(page: str) -> str:
    found = re.search(r'<button type="button" class="menu-toggle".*?</button>', page, re.S)
    assert found is not None
    return found.group(0)
