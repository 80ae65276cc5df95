"""Checkers for the house rules of docs/architecture.md, read from the source with `ast`.

Each checker takes source text and returns the violations it finds as "path:line: what", so
`tests/test_architecture.py` can run it over the whole tree and also on a planted violation,
which shows the rule is able to fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "thucthi"


@dataclass(frozen=True)
class Source:
    path: str  # relative to the project root, with forward slashes
    text: str

    @property
    def tree(self) -> ast.Module:
        return ast.parse(self.text, filename=self.path)


def sources(base: Path = PACKAGE) -> Iterator[Source]:
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/" in rel or "/data/" in rel:
            continue
        yield Source(rel, path.read_text(encoding="utf-8"))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    return ""


# --- "today" has one source: the clock --------------------------------------------------------

SYSTEM_DATE_CALLS = {
    "date.today", "dt.date.today", "datetime.date.today", "datetime.now", "dt.datetime.now", "datetime.datetime.now",
    "datetime.utcnow", "dt.datetime.utcnow", "timezone.now", "timezone.localdate", "timezone.localtime", "time.time",
}


def system_date_reads(src: Source) -> list[str]:
    """Calls that read the system date or time instead of `thucthi.core.clock`."""
    found = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Call) and _dotted(node.func) in SYSTEM_DATE_CALLS and not node.args:
            found.append(f"{src.path}:{node.lineno}: {_dotted(node.func)}()")
        # `default=timezone.now` on a model field is a read of the system clock too.
        if isinstance(node, ast.keyword) and node.arg == "default" and _dotted(node.value) in SYSTEM_DATE_CALLS:
            found.append(f"{src.path}:{node.value.lineno}: default={_dotted(node.value)}")
    return found


def private_today_patches(src: Source) -> list[str]:
    """Tests that move "today" by patching a module's private name instead of using the clock."""
    found = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Call) and _dotted(node.func).endswith("setattr"):
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if any(n.lstrip("_") in {"today", "now", "localdate"} for n in names):
                found.append(f"{src.path}:{node.lineno}: patches {names[0]!r}; use clock.frozen or clock.travel")
    return found


# --- a role is compared only in the policy ----------------------------------------------------

QUERY_CALLS = {"filter", "exclude", "get", "Q", "get_or_create", "update_or_create"}


def _mentions_role(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr == "role":
            return True
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "Role":
            return True
        if isinstance(sub, ast.Call) and _dotted(sub.func).split(".")[-1] == "role_of":
            return True
    return False


def role_comparisons(src: Source) -> list[str]:
    """Comparisons of a user's role (`user.role == …`, `role_of(u) in …`, `Role.X in …`) and queries
    filtered by role (`.filter(role=Role.HEAD)`): permission decisions that belong in the policy."""
    found = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Compare) and _mentions_role(node):
            found.append(f"{src.path}:{node.lineno}: compares a role")
        if isinstance(node, ast.Call) and _dotted(node.func).split(".")[-1] in QUERY_CALLS:
            for kw in node.keywords:
                # A person's post (orgs' PositionRole: head, deputy…) is a fact about the post, not a permission.
                if kw.arg is not None and kw.arg.split("__")[-1] in {"role", "in"} and kw.arg.split("__")[0].endswith("role") \
                        and "PositionRole" not in ast.unparse(kw.value):
                    found.append(f"{src.path}:{node.lineno}: filters by role ({kw.arg}=…)")
    return found


# --- views read through selectors -------------------------------------------------------------

def orm_reads(src: Source) -> list[str]:
    """Database reads written in a view or an API operation (`Model.objects.filter(...)`) instead of
    a call to a selector. A form field's empty placeholder (`Model.objects.none()`) is not a read."""
    found = []
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "objects" \
                and node.attr != "none":
            found.append(f"{src.path}:{node.lineno}: {ast.unparse(node)}")
    return found


# --- the acting user travels down -------------------------------------------------------------

def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    a = fn.args
    return {p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]}


def actor_breaks(src: Source) -> list[str]:
    """`actor=None` (the system) passed where a user acts, and a service that takes an actor but
    hands a nested service something other than that actor."""
    found = []
    for fn in _functions(src.tree):
        has_actor = "actor" in _params(fn)
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg != "actor":
                    continue
                if isinstance(kw.value, ast.Constant) and kw.value.value is None:
                    found.append(f"{src.path}:{kw.value.lineno}: {fn.name} calls {_dotted(node.func)} with actor=None")
                elif has_actor and not (isinstance(kw.value, ast.Name) and kw.value.id == "actor"):
                    found.append(f"{src.path}:{kw.value.lineno}: {fn.name} takes an actor but passes actor={ast.unparse(kw.value)}")
    return found


# --- every service that writes audits, in its transaction -------------------------------------

WRITE_METHODS = {"save", "delete", "create", "bulk_create", "bulk_update", "update", "get_or_create", "update_or_create", "add", "set", "remove", "clear"}


def _is_atomic(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    if any("atomic" in _dotted(d) for d in fn.decorator_list):
        return True
    return any(isinstance(n, ast.With) and any("atomic" in _dotted(i.context_expr) for i in n.items) for n in ast.walk(fn))


@dataclass
class _Fn:
    path: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    calls: set[str]
    writes: bool
    audits: bool


def _index(srcs: Iterable[Source]) -> dict[str, list[_Fn]]:
    index: dict[str, list[_Fn]] = {}
    for src in srcs:
        for fn in _functions(src.tree):
            calls, writes, audits = set(), False, False
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                name = _dotted(node.func).split(".")[-1]
                calls.add(name)
                if name == "audit_record":
                    audits = True
                # A write is a model or queryset method call: `x.save()`, `Model.objects.create(...)`.
                if isinstance(node.func, ast.Attribute) and name in WRITE_METHODS and not isinstance(node.func.value, ast.Constant):
                    receiver = _dotted(node.func.value)
                    if name in {"add", "set", "remove", "clear", "update"} and not (receiver.endswith("objects") or "filter" in receiver
                                                                                    or receiver.endswith("()") or "_set" in receiver):
                        continue  # a Python set, dict or list, not the database
                    writes = True
            index.setdefault(fn.name, []).append(_Fn(src.path, fn, calls, writes, audits))
    return index


def unaudited_services(srcs: Iterable[Source]) -> list[str]:
    """Public functions taking a keyword-only `actor` (the services) that write rows must run in a
    transaction and reach `audit_record`, directly or through the functions they call."""
    srcs = list(srcs)
    index = _index(srcs)

    def reach(fn: _Fn, attr: str, seen: set[int]) -> bool:
        if getattr(fn, attr):
            return True
        seen.add(id(fn.node))
        for name in fn.calls:
            for callee in index.get(name, []):
                if id(callee.node) not in seen and reach(callee, attr, seen):
                    return True
        return False

    found = []
    for fns in index.values():
        for fn in fns:
            kwonly = {p.arg for p in fn.node.args.kwonlyargs}
            if fn.node.name.startswith("_") or "actor" not in kwonly or fn.node.name == "audit_record":
                continue
            if not reach(fn, "writes", set()):
                continue
            if not reach(fn, "audits", set()):
                found.append(f"{fn.path}:{fn.node.lineno}: {fn.node.name} writes rows but never records an audit")
            elif not _is_atomic(fn.node):
                found.append(f"{fn.path}:{fn.node.lineno}: {fn.node.name} writes and audits outside one transaction")
    return found
