"""Documentation is part of the product: an undocumented setting or command fails here."""

from __future__ import annotations

import re
from pathlib import Path

from thucthi import env
from thucthi.cli.main import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def test_it_documents_every_setting() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [s.name for s in env.SETTINGS if f"`{s.name}`" not in text]
    assert missing == []


def test_it_documents_every_cli_command_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _, _ in COMMANDS if f"`thucthi {name}`" not in text]
    assert missing == []


def test_the_quick_start_is_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", text, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_every_doc_the_readme_links_exists() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", text):
        assert (ROOT / link.split("#")[0]).exists(), link
