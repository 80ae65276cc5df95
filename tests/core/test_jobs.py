"""The background jobs: each app registers its own from its AppConfig.ready(), on the schedule the
worker has always run them, and the morning chase runs reminders and then the digests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from thucthi.core.management.commands import worker
from thucthi.tasks import jobs, reminders

# job → (an app's module that registers it, a time it runs, a time it does not)
SCHEDULE = {
    "worker_heartbeat": ("thucthi.core.tasks", dt.datetime(2026, 3, 2, 6, 7), None),
    "audit_verify_nightly": ("thucthi.audit.jobs", dt.datetime(2026, 3, 2, 2, 15), dt.datetime(2026, 3, 2, 2, 16)),
    "chase_tasks_daily": ("thucthi.tasks.jobs", dt.datetime(2026, 3, 2, 6, 0), dt.datetime(2026, 3, 2, 7, 0)),
}


def test_it_registers_each_job_once_from_its_own_app_on_its_old_schedule() -> None:
    periodic = {task.__name__: task for task in HUEY._registry._periodic_tasks}
    assert set(SCHEDULE) <= set(periodic)
    for name, (module, runs_at, idle_at) in SCHEDULE.items():
        job = periodic[name]
        assert job.__module__ == module
        assert job().validate_datetime(runs_at)
        if idle_at is not None:
            assert not job().validate_datetime(idle_at)
    assert not any(task.__module__.startswith("thucthi.core.") and task.__name__ != "worker_heartbeat" for task in periodic.values())


def test_the_worker_relies_on_the_apps_registering_their_jobs_not_on_autodiscovery(monkeypatch: pytest.MonkeyPatch) -> None:
    """djhuey's consumer would import each app's `tasks` module: the demo's task data among them."""
    seen: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(worker, "call_command", lambda name, **options: seen.append((name, options)))
    call_command("worker")
    assert seen == [("run_huey", {"disable_autoload": True})]


@pytest.mark.django_db
def test_the_morning_chase_runs_reminders_then_the_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Result:
        total = 0

    def run() -> Result:
        calls.append("reminders")
        return Result()

    def send_digests() -> int:
        calls.append("digests")
        return 0

    monkeypatch.setattr(reminders, "run", run)
    monkeypatch.setattr(jobs, "send_digests", send_digests)
    jobs.chase_tasks_daily.call_local()
    assert calls == ["reminders", "digests"]
