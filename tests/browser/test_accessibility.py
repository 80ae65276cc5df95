"""Every main page passes axe-core's WCAG 2.1 A/AA and best-practice rules with no violation.

axe-core is vendored for the tests only (tests/browser/vendor/, pinned, MPL-2.0), never served to
users and never fetched from a CDN. Pages come from one list, `tests.browser.main_pages.MAIN_PAGES`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Server
from tests.browser.main_pages import MAIN_PAGES, MainPage, open_main_page

pytestmark = pytest.mark.browser

AXE_VERSION = "4.10.2"
AXE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES)
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def readable(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        lines.extend(
            f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
            for node in v["nodes"][:5]
        )
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def test_the_vendored_axe_is_the_pinned_version_with_its_licence() -> None:
    assert f"axe v{AXE_VERSION}" in AXE.read_text(encoding="utf-8")[:400]
    assert (AXE.parent / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License")


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=str)
def test_the_page_has_no_accessibility_violation(page: Page, server: Server, main_page: MainPage) -> None:
    open_main_page(page, server, main_page)
    violations = axe_violations(page)
    assert not violations, f"{main_page.name} ({page.url}):\n{readable(violations)}"
