"""Deadlines as an iCalendar (RFC 5545) feed, to subscribe to from Outlook, Google or Apple calendars.

Written by hand (the format is small): CRLF line endings, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped. One all-day event per task with a deadline,
with a reminder three days before (09:00) while the task is still open.

Feeds are read by calendar apps that cannot log in, so a feed lives at a secret URL carrying a
signed token (`feed_token`): it names what the feed is for ("unit" or "person" and an id) and
cannot be forged or altered without the SECRET_KEY. Tokens do not expire; rotating SECRET_KEY
(without keeping the old one in SECRET_KEY_FALLBACKS) revokes them all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.core import signing
from django.db.models import QuerySet
from django.utils import translation

from thucthi.core import clock
from thucthi.tasks.models import State, Status, Task
from thucthi.tasks.status import derive_status

PRODID = "-//Thuc Thi//Theo doi nhiem vu//VI"
TIMEZONE = "Asia/Ho_Chi_Minh"
UID_DOMAIN = "thucthi"
OVERDUE_PREFIX = "[Quá hạn] "
# Three days before the all-day event starts, at 09:00 local time.
ALARM_TRIGGER = "-P2DT15H"
REFRESH = "PT1H"
MAX_OCTETS = 75

FEED_KINDS = ("unit", "person")
_SALT = "thucthi.tasks.ical.feed"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FINISHED = (State.COMPLETED, State.CANCELLED)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Split a content line so no physical line exceeds 75 octets (§3.1); continuations begin with a space."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > MAX_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def task_uid(task: Task) -> str:
    return f"task-{task.pk}@{UID_DOMAIN}"


def _event_lines(task: Task, today: dt.date, stamp: dt.datetime) -> list[str]:
    assert task.deadline is not None
    status = derive_status(state=task.state, deadline=task.deadline, completed_on=task.completed_on, today=today)
    summary = (OVERDUE_PREFIX if status == Status.OVERDUE else "") + task.title
    details = [
        f"Cơ quan chủ trì: {task.lead_unit.name}",
        f"Cơ quan giao: {task.issuer.name}",
        f"Tình trạng: {status.label}",
        f"Tiến độ: {task.progress}%",
    ]
    if task.expected_product:
        details.append(f"Sản phẩm: {task.expected_product}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{task_uid(task)}",
        # With METHOD, DTSTAMP is when this feed was produced (§3.8.7.2); the task's own change time is LAST-MODIFIED.
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(task.updated_at or stamp)}",
        f"SEQUENCE:{task.version}",
        f"DTSTART;VALUE=DATE:{_day(task.deadline)}",
        f"DTEND;VALUE=DATE:{_day(task.deadline + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        "TRANSP:TRANSPARENT",
    ]
    if task.state == State.CANCELLED:
        lines.append("STATUS:CANCELLED")
    if task.state not in _FINISHED:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{ALARM_TRIGGER}",
            f"DESCRIPTION:{escape_text('Còn 3 ngày đến hạn: ' + task.title)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar_feed(tasks: Iterable[Task], *, name: str, today: dt.date) -> str:
    """The feed: one all-day VEVENT per task that has a deadline (others are skipped)."""
    if isinstance(tasks, QuerySet) and tasks._result_cache is None:
        if not tasks.query.is_sliced:
            tasks = tasks.filter(deadline__isnull=False)
        tasks = tasks.select_related("lead_unit", "issuer")
    stamp = clock.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TIMEZONE}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    with translation.override("vi"):
        for task in tasks:
            if task.deadline is not None:
                lines += _event_lines(task, today, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


# --- Secret-URL tokens --------------------------------------------------------------------------


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def feed_token(kind: str, object_id: int) -> str:
    """A URL-safe token naming a feed ("unit" or "person" and its id), signed so it cannot be forged."""
    if kind not in FEED_KINDS:
        raise ValueError(f"unknown feed kind {kind!r}")
    if isinstance(object_id, bool) or not isinstance(object_id, int) or object_id <= 0:
        raise ValueError("object_id must be a positive integer")
    return _signer().sign(f"{kind}.{object_id}")


def verify_feed_token(token: str) -> tuple[str, int] | None:
    """(kind, id) if the token is one we signed, else None."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    kind, _, number = value.partition(".")
    if kind not in FEED_KINDS or not number.isascii() or not number.isdigit():
        return None
    object_id = int(number)
    return (kind, object_id) if object_id > 0 else None
