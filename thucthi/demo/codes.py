"""The natural codes the demo gives its units, shared by the loader and the demo's parts
(council, tasks, indicators), which the loader itself imports."""

from __future__ import annotations

from thucthi.core.text import fold


def slug(name: str) -> str:
    return fold(name).replace("&", "").replace(" ", "-")


def dept_code(province: str, name: str) -> str:
    return f"DEPT:{province}:{slug(name)}"
