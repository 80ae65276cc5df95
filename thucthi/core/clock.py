"""The application's notion of "now", which loaders and tests can set.

Services ask `clock.today()` instead of the system date, so a historical record (the demo's
2020 session) can be replayed through the same services with its real dates, and a test
can stand on any day. Audit records always use the real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("thucthi_clock", default=None)


def now() -> dt.datetime:
    return _frozen.get() or timezone.now()


def today() -> dt.date:
    frozen = _frozen.get()
    return timezone.localdate(frozen) if frozen is not None else timezone.localdate()


@contextmanager
def frozen(day: dt.date | dt.datetime, hour: int = 9) -> Iterator[None]:
    """Within the block, the clock reads `day` (at `hour` local time if a date)."""
    moment = day if isinstance(day, dt.datetime) else timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)
