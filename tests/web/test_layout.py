"""The page frame every template shares: a folding menu that works for whatever links it holds,
the site script loaded with `defer`, and no inline script or handler (a strict CSP holds)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import World

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
