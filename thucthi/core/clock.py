"""The application's one notion of "now" and "today", which loaders and tests can set.

Every service, selector, view and form asks `clock.today()` or `clock.now()`; nothing else reads
the system date (a test in `tests/test_architecture.py` enforces it). So a historical record (the
demo's 2020 session) can be replayed through the same services on its real dates, and a test can
stand on any day. Audit records always carry the real time.

Three ways to move it:
- `frozen(day)`: within the block the clock reads `day` (tests, the demo's replay);
- `travel(day)`: a handle whose `to(day)` steps the frozen clock through a test's story;
- `THUCTHI_CLOCK_OFFSET_DAYS`: the whole process reads the clock that many days ahead (or behind).
  Outside production only; it exists to prove the suite does not depend on the day it runs
  (`THUCTHI_CLOCK_OFFSET_DAYS=730 make test`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("thucthi_clock", default=None)


def offset() -> dt.timedelta:
    """The process-wide shift set by THUCTHI_CLOCK_OFFSET_DAYS (zero in production)."""
    return dt.timedelta(days=getattr(settings, "CLOCK_OFFSET_DAYS", 0))


def now() -> dt.datetime:
    return _frozen.get() or timezone.now() + offset()


def today() -> dt.date:
    return timezone.localdate(now())


def _moment(day: dt.date | dt.datetime, hour: int) -> dt.datetime:
    return day if isinstance(day, dt.datetime) else timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@contextmanager
def frozen(day: dt.date | dt.datetime, hour: int = 9) -> Iterator[None]:
    """Within the block, the clock reads `day` (at `hour` local time if a date)."""
    token = _frozen.set(_moment(day, hour))
    try:
        yield
    finally:
        _frozen.reset(token)


class Travel:
    """A frozen clock that a test moves along its story: `t.to(day)`; `t.day` is where it stands."""

    def __init__(self, day: dt.date, hour: int = 9) -> None:
        self.hour = hour
        self.day = day
        _frozen.set(_moment(day, hour))

    def to(self, day: dt.date) -> None:
        self.day = day
        _frozen.set(_moment(day, self.hour))

    def by(self, days: int) -> None:
        self.to(self.day + dt.timedelta(days=days))


@contextmanager
def travel(day: dt.date, hour: int = 9) -> Iterator[Travel]:
    """Freeze the clock at `day` and hand back a `Travel` to move it; restored on exit."""
    token = _frozen.set(None)
    try:
        yield Travel(day, hour)
    finally:
        _frozen.reset(token)
