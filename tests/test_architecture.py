"""The house rules of docs/architecture.md, enforced on the source. Each rule is also run on a
planted violation, so it is shown to fail when the rule is broken.

The import-direction rules are in tests/test_architecture_imports.py.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from tests.architecture import (
    ROOT,
    Source,
    actor_breaks,
    orm_reads,
    private_today_patches,
    role_comparisons,
    sources,
    system_date_reads,
    unaudited_services,
)

# Where the real time is read on purpose. Each entry says why.
REAL_TIME_ALLOWED = {
    "thucthi/core/clock.py": "the clock itself",
    "thucthi/audit/services.py": "audit records carry the real time, whatever the application clock says",
    "thucthi/core/tasks.py": "the worker's heartbeat is about the real process, not the application's day",
    "thucthi/accounts/services.py": "a token's creation and last use are security facts in real time",
    "thucthi/api/auth.py": "a token's last use is a security fact in real time",
}

# Where a role may be named. Each entry says why.
ROLE_ALLOWED = {
    "thucthi/accounts/policy.py": "the one place permissions are decided",
    "thucthi/accounts/policy/": "the one place permissions are decided",
    "thucthi/accounts/models.py": "defines the roles",
}

# Where the system itself acts (actor=None is true there). Each entry says why.
SYSTEM_ACTORS = {
    "thucthi/demo/": "the demo loader replays history as the system",
    "thucthi/orgs/loader.py": "the reference data loader",
    "thucthi/orgs/reference": "the reference data loader",
    "thucthi/bench/": "benchmarks generate data as the system",
    "thucthi/accounts/management/commands/token.py": "an operator at the server's console, who has no account",
    "thucthi/tasks/reminders.py": "the scheduled chasing job",
}


def _allowed(path: str, allowed: dict[str, str]) -> bool:
    return any(path == key or (key.endswith("/") and path.startswith(key)) or path.startswith(key) for key in allowed)


def _planted(code: str, path: str = "thucthi/web/planted.py") -> Source:
    return Source(path, textwrap.dedent(code))


def test_it_reads_today_only_from_the_clock() -> None:
    found = [v for s in sources() if not _allowed(s.path, REAL_TIME_ALLOWED) for v in system_date_reads(s)]
    assert found == []


def test_it_never_reads_the_system_date_in_a_test() -> None:
    tests = [Source(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests").rglob("*.py"))]
    # The rule's own tests name the calls they look for; the clock's tests compare it with the real time.
    tests = [s for s in tests if not s.path.endswith(("tests/architecture.py", "tests/test_architecture.py", "tests/core/test_clock.py"))]
    found = [v for s in tests for v in [*system_date_reads(s), *private_today_patches(s)]]
    assert found == []


def test_it_compares_roles_only_in_the_policy() -> None:
    found = [v for s in sources() if not _allowed(s.path, ROLE_ALLOWED) for v in role_comparisons(s)]
    assert found == []


def test_views_and_api_operations_read_through_selectors() -> None:
    faces = [s for s in sources() if s.path.startswith(("thucthi/web/", "thucthi/api/")) and "/management/" not in s.path]
    assert [v for s in faces for v in orm_reads(s)] == []


def test_it_passes_the_acting_user_down_to_every_service() -> None:
    found = [v for s in sources() if not _allowed(s.path, SYSTEM_ACTORS) for v in actor_breaks(s)]
    assert found == []


def test_every_service_that_writes_audits_in_its_transaction() -> None:
    assert unaudited_services(sources()) == []


PLANTED: list[tuple[Callable[[Source], list[str]], str]] = [
    (system_date_reads, """
        import datetime as dt
        def due() -> dt.date:
            return dt.date.today()
    """),
    (private_today_patches, """
        def test_x(monkeypatch):
            monkeypatch.setattr(services, "_today", lambda: None)
    """),
    (role_comparisons, """
        def view(request):
            if request.user.role == "admin":
                return 1
    """),
    (role_comparisons, """
        def staff(units):
            return User.objects.filter(unit__in=units, role__in=[Role.UNIT_HEAD])
    """),
    (orm_reads, """
        def plan_page(request, pk):
            return Plan.objects.select_related("area").get(pk=pk)
    """),
    (actor_breaks, """
        def question_add(request):
            return person_create(actor=None, full_name="A")
    """),
    (actor_breaks, """
        def remedy_issue(*, actor, target):
            return task_create(actor=target.owner, title="x")
    """),
]


@pytest.mark.parametrize(("checker", "code"), PLANTED, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(PLANTED)])
def test_each_rule_fails_on_a_planted_violation(checker: Callable[[Source], list[str]], code: str) -> None:
    assert checker(_planted(code)), "the checker did not notice the planted violation"


def test_the_audit_rule_fails_on_a_planted_service() -> None:
    silent = _planted("""
        from django.db import transaction
        @transaction.atomic
        def session_close(*, actor, session):
            session.state = "closed"
            session.save()
    """)
    split = _planted("""
        def question_flow(*, actor, text):
            person = Person.objects.create(full_name=text)
            audit_record(actor=actor, action="x", obj=person)
    """)
    assert [v.split(": ", 1)[1] for v in unaudited_services([silent, split])] == [
        "session_close writes rows but never records an audit",
        "question_flow writes and audits outside one transaction",
    ]
