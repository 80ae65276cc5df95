"""Imports point one way: the layers of docs/architecture.md, and no cycles between apps.

Every module under thucthi/ is read with `ast`, its imports collected wherever they stand (at
module level, inside a function, under TYPE_CHECKING), and folded into a graph of apps: an edge
core → tasks means some module of core imports some module of tasks. The checkers take a graph,
so they are also run on small planted graphs, which shows they fail on a violation.

    web  api  cli              the faces: pages, REST API, command line
    bench  demo                benchmarks and demo data (may use every domain app)
    ─────────────────────────  nothing below imports anything above this line
    council  indicators        domain apps (follows too: it reads council and tasks) (tasks and council feed each other only through
    accountability  tasks        tasks' source registry, filled in each app's ready())
    notifications  accounts  orgs
    ─────────────────────────
    audit  workdays            infrastructure with tables: import core only
    core                       clock, errors, text, numbers, periods, xlsx kit: imports no app
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Mapping
from itertools import pairwise

import pytest

from tests.architecture import Source, sources

CORE = "core"
INFRASTRUCTURE = {"audit", "workdays"}
DOMAIN = {"orgs", "accounts", "notifications", "tasks", "council", "indicators", "accountability", "follows"}
ABOVE_DOMAIN = {"web", "api", "cli", "bench", "demo"}

# The imports allowed against the rules, each with its reason: (importing app, imported module
# or its prefix) → why. An edge of the graph is dropped only when every import behind it is listed.
# Keep this short: an entry no longer needed fails test_every_allowed_exception_is_still_needed.
ALLOWED: dict[tuple[str, str], str] = {
    ("orgs", "thucthi.accounts.policy"): (
        "orgs' services ask the one permission policy, which lives in accounts and reads units "
        "(a user belongs to a unit, so accounts sits above orgs); the edge goes once the policy "
        "is an app of its own above orgs"
    ),
    ("orgs", "thucthi.accounts.models"): (
        "orgs' services and loaders take the acting User (the type of `actor=`), defined in accounts "
        "for the same reason as above"
    ),
}

Graph = Mapping[str, Mapping[str, list[str]]]  # app → imported app → ["path:line module", …]


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "thucthi" or len(parts) < 2:
        return None
    return parts[1]


def _app_of_path(path: str) -> str:
    """thucthi/tasks/services.py → tasks; thucthi/settings.py → settings (a project module)."""
    parts = path.split("/")
    if len(parts) > 2:
        return parts[1]
    return "thucthi" if parts[1] == "__init__.py" else parts[1].removesuffix(".py")


def _module_of_path(path: str) -> str:
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def imports_of(src: Source) -> list[tuple[int, str]]:
    """Every thucthi module `src` imports, at any depth of the file, with its line."""
    here = _module_of_path(src.path)
    package = here if src.path.endswith("__init__.py") else here.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from ..x import y
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module == "thucthi":  # from thucthi import env
                found += [(node.lineno, f"thucthi.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return [(line, m) for line, m in found if m.startswith("thucthi.")]


def import_graph(srcs: Iterable[Source], allowed: Mapping[tuple[str, str], str] = ALLOWED) -> dict[str, dict[str, list[str]]]:
    graph: dict[str, dict[str, list[str]]] = {}
    for src in srcs:
        app = _app_of_path(src.path)
        graph.setdefault(app, {})
        for line, module in imports_of(src):
            target = _app_of_module(module)
            if target is None or target == app:
                continue
            if any(module == prefix or module.startswith(prefix + ".") for (who, prefix) in allowed if who == app):
                continue
            graph[app].setdefault(target, []).append(f"{src.path}:{line} imports {module}")
    return graph


def layer_violations(graph: Graph) -> list[str]:
    found = []
    for app, targets in sorted(graph.items()):
        for target, where in sorted(targets.items()):
            if app == CORE:
                rule = "core imports no other thucthi app"
            elif app in INFRASTRUCTURE and target != CORE:
                rule = f"{app} imports only core"
            elif app in DOMAIN and target in ABOVE_DOMAIN:
                rule = f"a domain app imports neither {', '.join(sorted(ABOVE_DOMAIN))}"
            else:
                continue
            found.append(f"{app} → {target} ({rule}): {where[0]}" + (f" and {len(where) - 1} more" if len(where) > 1 else ""))
    return found


def cycles(graph: Graph) -> list[str]:
    """The cycles of every strongly connected group of apps (Tarjan), as "a → b → a" with the
    import behind each step: for each app of a group, the shortest way back to it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, {})):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)

    found = []
    for group in groups:
        # The shortest way back from each member: every app of the group is on a reported path.
        seen: set[frozenset[tuple[str, str]]] = set()
        for start in group:
            path = _path_back(graph, start, set(group))
            steps = frozenset(pairwise(path))
            if steps in seen:
                continue
            seen.add(steps)
            lines = [f"{a} → {b} ({graph[a][b][0]})" for a, b in pairwise(path)]
            found.append(" → ".join(path) + "\n    " + "\n    ".join(lines))
    return found


def _path_back(graph: Graph, start: str, within: set[str]) -> list[str]:
    """The shortest path from `start` back to itself inside one strongly connected group."""
    queue: list[list[str]] = [[start]]
    seen = {start}
    while queue:
        path = queue.pop(0)
        for nxt in sorted(graph.get(path[-1], {})):
            if nxt == start:
                return [*path, start]
            if nxt in within and nxt not in seen:
                seen.add(nxt)
                queue.append([*path, nxt])
    raise AssertionError(f"{start} is in a cycle with no path back")  # pragma: no cover


# --- the real tree ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, list[str]]]:
    return import_graph(sources())


def test_core_infrastructure_and_domain_apps_import_only_downwards(graph: Graph) -> None:
    assert layer_violations(graph) == []


def test_no_two_apps_import_each_other_even_through_others(graph: Graph) -> None:
    found = cycles(graph)
    assert not found, "import cycles between apps:\n" + "\n".join(found)


def test_every_allowed_exception_is_still_needed() -> None:
    unfiltered = import_graph(sources(), allowed={})
    for (app, prefix), reason in ALLOWED.items():
        used = [w for where in unfiltered.get(app, {}).values() for w in where if w.endswith(f" {prefix}") or f" {prefix}." in w]
        assert used, f"ALLOWED[({app!r}, {prefix!r})] is no longer needed ({reason[:60]}…): remove it"


# --- the checkers fail on planted violations --------------------------------------------------


def _planted(path: str, code: str) -> Source:
    return Source(path, textwrap.dedent(code))


def test_it_sees_imports_inside_functions_relative_imports_and_type_checking_blocks() -> None:
    src = _planted("thucthi/core/planted.py", """
        from typing import TYPE_CHECKING
        from . import text
        from ..tasks import models
        if TYPE_CHECKING:
            from thucthi.council.models import Term
        def f():
            import thucthi.indicators.services
            from thucthi import web
    """)
    modules = [m for _, m in imports_of(src)]
    assert modules == ["thucthi.core", "thucthi.tasks", "thucthi.council.models", "thucthi.indicators.services", "thucthi.web"]
    assert sorted(import_graph([src])["core"]) == ["council", "indicators", "tasks", "web"]


def test_the_layer_rule_fails_on_a_planted_upward_import() -> None:
    planted = {
        "core": {"tasks": ["thucthi/core/planted.py:3 imports thucthi.tasks.models"]},
        "audit": {"core": ["x"], "accounts": ["thucthi/audit/planted.py:1 imports thucthi.accounts.models"]},
        "tasks": {"web": ["thucthi/tasks/planted.py:9 imports thucthi.web.common"], "orgs": ["fine"]},
        "web": {"tasks": ["fine"]},
    }
    assert layer_violations(planted) == [
        "audit → accounts (audit imports only core): thucthi/audit/planted.py:1 imports thucthi.accounts.models",
        "core → tasks (core imports no other thucthi app): thucthi/core/planted.py:3 imports thucthi.tasks.models",
        "tasks → web (a domain app imports neither api, bench, cli, demo, web): thucthi/tasks/planted.py:9 imports thucthi.web.common",
    ]


def test_the_cycle_rule_fails_on_a_planted_cycle_and_names_its_path() -> None:
    planted = {
        "tasks": {"council": ["thucthi/tasks/sources.py:48 imports thucthi.council.models"], "orgs": ["o"]},
        "council": {"notifications": ["thucthi/council/x.py:2 imports thucthi.notifications.services"]},
        "notifications": {"tasks": ["thucthi/notifications/models.py:27 imports thucthi.tasks.models"]},
        "orgs": {},
    }
    assert cycles(planted) == [
        "council → notifications → tasks → council\n"
        "    council → notifications (thucthi/council/x.py:2 imports thucthi.notifications.services)\n"
        "    notifications → tasks (thucthi/notifications/models.py:27 imports thucthi.tasks.models)\n"
        "    tasks → council (thucthi/tasks/sources.py:48 imports thucthi.council.models)"
    ]
    assert cycles({"a": {"b": ["x"]}, "b": {"c": ["y"]}}) == [], "a chain is not a cycle"


def test_an_allowed_exception_drops_only_the_imports_it_names() -> None:
    src = _planted("thucthi/orgs/planted.py", """
        from thucthi.accounts.policy import require
        from thucthi.accounts.services import user_create
    """)
    graph = import_graph([src], allowed={("orgs", "thucthi.accounts.policy"): "reason"})
    assert graph["orgs"] == {"accounts": ["thucthi/orgs/planted.py:3 imports thucthi.accounts.services"]}
