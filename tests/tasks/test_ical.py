"""The deadline calendar feed (RFC 5545) and its secret-URL tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import signing

from tests.conftest import World
from thucthi.core import clock
from thucthi.tasks import services
from thucthi.tasks.io import ical
from thucthi.tasks.models import DeadlineKind, Task

D = dt.date
TODAY = D(2026, 2, 10)
LONG_TITLE = (
    "Chủ trì, phối hợp với các sở, ngành, Ủy ban nhân dân các xã, phường rà soát, tổng hợp đầy đủ danh mục "
    "các dự án đầu tư công chậm giải ngân, đề xuất điều chuyển vốn; báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định"
)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with clock.frozen(TODAY):
        yield


def _task(world: World, title: str, *, issue: bool = True, **fields: Any) -> Task:
    values: dict[str, Any] = {
        "lead_unit": world.finance, "accepting_unit": world.committee, "expected_product": "Báo cáo UBND tỉnh",
        "responsible": world.head.person, "deadline": D(2026, 3, 16),
    } | fields
    return services.task_create(actor=None, title=title, issuer=world.committee, issue=issue, **values)


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(char)
    return "".join(out)


def _events(text: str) -> list[dict[str, str]]:
    """Each VEVENT's properties (name with parameters → raw value); the alarm's under "VALARM:" names."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    prefix = ""
    for line in _unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            prefix = "VALARM:"
        elif line == "END:VALARM":
            prefix = ""
        elif current is not None:
            name, _, value = line.partition(":")
            current[prefix + name] = value
    return events


def test_the_calendar_is_well_formed(world: World) -> None:
    _task(world, "Báo cáo tình hình giải ngân vốn đầu tư công")
    text = ical.calendar_feed(Task.objects.all(), name="Sở Tài chính, nhiệm vụ; hạn", today=TODAY)

    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare line feeds
    lines = _unfold(text)
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ical.PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    assert "X-WR-CALNAME:Sở Tài chính\\, nhiệm vụ\\; hạn" in lines
    assert "X-WR-TIMEZONE:Asia/Ho_Chi_Minh" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


def test_one_all_day_event_per_task_with_a_deadline(world: World) -> None:
    task = _task(world, "Báo cáo tình hình giải ngân vốn đầu tư công", deadline=D(2026, 3, 31))
    _task(world, "Dự thảo tính theo ngày làm việc, chưa có ngày", issue=False, deadline=None,
          deadline_kind=DeadlineKind.WORKING_DAYS, working_days=5)
    task.refresh_from_db()

    [event] = _events(ical.calendar_feed(Task.objects.order_by("id"), name="Lịch", today=TODAY))

    assert event["UID"] == f"task-{task.pk}@thucthi"
    assert event["DTSTART;VALUE=DATE"] == "20260331"
    assert event["DTEND;VALUE=DATE"] == "20260401"
    assert event["SUMMARY"] == task.title
    assert event["DTSTAMP"] == "20260210T020000Z"  # the frozen clock, 09:00 in Hà Nội, in UTC
    assert dt.datetime.strptime(event["LAST-MODIFIED"], "%Y%m%dT%H%M%SZ")
    description = _unescape(event["DESCRIPTION"])
    assert description.splitlines() == [
        f"Cơ quan chủ trì: {world.finance.name}",
        f"Cơ quan giao: {world.committee.name}",
        "Tình trạng: Chưa thực hiện",
        "Tiến độ: 0%",
        "Sản phẩm: Báo cáo UBND tỉnh",
    ]
    assert event["VALARM:ACTION"] == "DISPLAY"
    assert event["VALARM:TRIGGER"] == "-P2DT15H"  # 09:00, three days before


def test_overdue_tasks_say_so_in_the_title(world: World) -> None:
    task = _task(world, "Báo cáo tình hình giải ngân vốn đầu tư công", deadline=D(2026, 3, 16))
    [before] = _events(ical.calendar_feed([task], name="Lịch", today=D(2026, 3, 16)))
    [after] = _events(ical.calendar_feed([task], name="Lịch", today=D(2026, 3, 17)))
    assert before["SUMMARY"] == task.title
    assert after["SUMMARY"] == "[Quá hạn] " + task.title
    assert "Tình trạng: Quá hạn" in _unescape(after["DESCRIPTION"])


def test_text_is_escaped(world: World) -> None:
    title = "Rà soát; kiểm tra, đánh giá \\ hồ sơ\nđợt 2"
    task = _task(world, title)
    [event] = _events(ical.calendar_feed([task], name="Lịch", today=TODAY))
    assert event["SUMMARY"] == "Rà soát\\; kiểm tra\\, đánh giá \\\\ hồ sơ\\nđợt 2"
    assert _unescape(event["SUMMARY"]) == title
    assert ical.escape_text("a\r\nb\rc\x07") == "a\\nb\\nc"


def test_long_vietnamese_lines_are_folded_at_75_octets(world: World) -> None:
    task = _task(world, LONG_TITLE)
    text = ical.calendar_feed([task], name="Lịch nhiệm vụ của Sở Tài chính tỉnh Thử Nghiệm năm 2026 và các năm tiếp theo", today=TODAY)
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)
    [event] = _events(text)
    assert _unescape(event["SUMMARY"]) == LONG_TITLE
    # Folding never splits a character: every physical line is valid UTF-8 on its own.
    for chunk in text.encode("utf-8").split(b"\r\n"):
        chunk.decode("utf-8")
    folded = ical.fold_line("X:" + "ữ" * 100).split("\r\n")
    # "ữ" is 3 octets: 2 + 24 × 3 on the first line, then a space and 24 × 3 on each continuation.
    assert [len(p.encode()) for p in folded] == [74, 73, 73, 73, 13]
    assert "".join(p.removeprefix(" ") for p in folded) == "X:" + "ữ" * 100


def test_the_uid_is_stable_across_feeds_and_edits(world: World) -> None:
    task = _task(world, "Báo cáo tình hình giải ngân vốn đầu tư công", issue=False)
    [first] = _events(ical.calendar_feed(Task.objects.all(), name="Lịch", today=TODAY))
    services.task_update(actor=None, task=task, expected_version=task.version, title="Báo cáo giải ngân vốn đầu tư công quý I")
    [second] = _events(ical.calendar_feed(Task.objects.all(), name="Lịch", today=TODAY))
    assert first["UID"] == second["UID"] == f"task-{task.pk}@thucthi"
    [third] = _events(ical.calendar_feed(Task.objects.order_by("id")[:5], name="Lịch", today=TODAY))  # a sliced queryset
    assert third["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])


def test_finished_tasks_have_no_reminder(world: World) -> None:
    task = _task(world, "Báo cáo tình hình giải ngân vốn đầu tư công")
    task = services.task_receive(actor=None, task=task)
    task = services.completion_request(actor=None, task=task, note="Báo cáo số 12/BC-STC")
    task = services.completion_decide(actor=None, task=task, accept=True)
    cancelled = services.task_cancel(actor=None, task=_task(world, "Nhiệm vụ sau đó được hủy bỏ"), reason="Không còn phù hợp")
    done, gone = _events(ical.calendar_feed(Task.objects.order_by("id"), name="Lịch", today=TODAY))
    assert "VALARM:TRIGGER" not in done and "VALARM:TRIGGER" not in gone
    assert "Tình trạng: Hoàn thành đúng hạn" in _unescape(done["DESCRIPTION"])
    assert gone["STATUS"] == "CANCELLED" and gone["UID"] == f"task-{cancelled.pk}@thucthi"


# --- Tokens -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "object_id"), [("unit", 1), ("person", 42), ("unit", 9_876_543)])
def test_tokens_round_trip(kind: str, object_id: int) -> None:
    token = ical.feed_token(kind, object_id)
    assert ical.verify_feed_token(token) == (kind, object_id)
    assert "/" not in token and "?" not in token and "#" not in token


def test_tampered_or_foreign_tokens_are_rejected() -> None:
    token = ical.feed_token("unit", 12)
    value, _, signature = token.rpartition(":")
    assert ical.verify_feed_token(value.replace("12", "13") + ":" + signature) is None
    assert ical.verify_feed_token(value.replace("unit", "person") + ":" + signature) is None
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert ical.verify_feed_token(value + ":" + flipped) is None
    # Signed with the same key but another salt (another feature's token) is no feed token.
    assert ical.verify_feed_token(signing.Signer().sign("unit.12")) is None
    assert ical.verify_feed_token(signing.Signer(salt="other").sign("unit.12")) is None
    for junk in ("", "unit.12", ":", "x" * 5000, "unit.12:"):
        assert ical.verify_feed_token(junk) is None


def test_tokens_only_for_known_kinds_and_positive_ids() -> None:
    with pytest.raises(ValueError):
        ical.feed_token("user", 1)
    with pytest.raises(ValueError):
        ical.feed_token("unit", 0)
    with pytest.raises(ValueError):
        ical.feed_token("unit", True)
