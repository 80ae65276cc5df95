"""`thucthi bench tasks`: national-scale task data, and what the task pages cost on it.

Two halves:

1. **Generation** (`generate`, `drop`, `bench_data`). A deterministic plan (one seeded
   `random.Random`) drawn in Python, written in chunks with PostgreSQL's `COPY … FROM STDIN`
   (plain multi-row inserts on SQLite, for small runs only), never through the ORM one row at
   a time. Ids are reserved up front, so children (coordinations, progress reports, events …)
   point at their tasks without reading anything back. Everything generated is marked:

   - departments and agencies: `Unit.code` "BENCH:P01:d07", `Unit.source` = SOURCE;
   - people: `Person.source` = SOURCE;
   - tasks: `Task.source_ref` = MARK (their children go with them);
   - accounts: `User.username` "bench-…".

   `drop()` deletes exactly those rows (children first, in set-based SQL).

2. **Measurement** (`inbox_*`, `board_*`, `scorecard_*`, `run`). Each request the way the
   web page makes it through the selectors, next to the best hand-written SQL for the same
   answer. Before timing, every case runs both ways and must give the same answer — same
   count, same ids with the same statuses in the same order, same scores — or nothing is
   timed (tests/bench/test_tasks.py checks this on a small generated data set on both
   databases, so the SQL cannot drift from the selectors unnoticed).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from thucthi.accountability.scorecards import METRICS
from thucthi.accountability.selectors import scorecard_rows
from thucthi.accounts.models import Role, User
from thucthi.bench.common import PAGE_SIZE, Writer, database_version, percentile, quote_name, short, table_name, time_alternating
from thucthi.core.periods import parse_period
from thucthi.core.text import normalize, search_document, sort_key
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.tasks import selectors
from thucthi.tasks.models import (
    Coordination,
    CoordinationRequest,
    ExtensionRequest,
    ProgressReport,
    State,
    Status,
    Task,
    TaskEvent,
)

MARK = "BENCH"  # Task.source_ref of every generated task
SOURCE = "thucthi bench tasks"  # Unit.source and Person.source of generated units and people
CODE_PREFIX = "BENCH:"  # Unit.code of generated units: BENCH:P01:d07
USER_PREFIX = "bench-"  # User.username of generated accounts
DEFAULT_TASKS = 1_000_000
SQLITE_MAX_TASKS = 20_000
FIRST_DAY = dt.date(2021, 1, 1)  # tasks are issued from this day to the day of generation
CHUNK = 20_000  # tasks per COPY round

TARGET_INBOX_P95_MS = 50.0
TARGET_SCORECARD_P95_MS = 300.0
TARGET_RATIO = 1.5  # ORM p50 / SQL p50, for every kind of request
SCORECARD_PERIOD = "2025"

# A provincial People's Committee's departments and agencies after the 2025 reorganisation
# (Nghị định 45/2025/NĐ-CP): name, abbreviation, kind, weight in the tasks it is given.
DEPARTMENTS: list[tuple[str, str, str, int]] = [
    ("Văn phòng Ủy ban nhân dân", "VP UBND", UnitKind.DEPARTMENT, 6),
    ("Sở Tài chính", "Sở TC", UnitKind.DEPARTMENT, 10),
    ("Sở Nội vụ", "Sở NV", UnitKind.DEPARTMENT, 7),
    ("Sở Tư pháp", "Sở TP", UnitKind.DEPARTMENT, 4),
    ("Sở Xây dựng", "Sở XD", UnitKind.DEPARTMENT, 9),
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", UnitKind.DEPARTMENT, 9),
    ("Sở Công Thương", "Sở CT", UnitKind.DEPARTMENT, 6),
    ("Sở Y tế", "Sở YT", UnitKind.DEPARTMENT, 7),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", UnitKind.DEPARTMENT, 7),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", UnitKind.DEPARTMENT, 5),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", UnitKind.DEPARTMENT, 5),
    ("Thanh tra", "TTr", UnitKind.DEPARTMENT, 4),
    ("Sở Dân tộc và Tôn giáo", "Sở DT&TG", UnitKind.DEPARTMENT, 3),
    ("Sở Ngoại vụ", "Sở NgV", UnitKind.DEPARTMENT, 2),
    ("Ban Quản lý các khu công nghiệp", "BQL KCN", UnitKind.AGENCY, 4),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp", "BQLDA", UnitKind.AGENCY, 4),
    ("Đài Phát thanh và Truyền hình", "PTTH", UnitKind.AGENCY, 2),
    ("Trường Chính trị", "TCT", UnitKind.AGENCY, 1),
    ("Quỹ Đầu tư phát triển", "QĐTPT", UnitKind.AGENCY, 2),
    ("Trung tâm Phục vụ hành chính công", "TTPVHCC", UnitKind.AGENCY, 3),
]
COMMUNE_SHARE = 0.35  # tasks led by commune People's Committees; the rest by departments

_VERBS: list[tuple[str, str, str]] = [  # what is asked, its product, the product kind
    ("Tham mưu ban hành kế hoạch triển khai", "Kế hoạch", "plan"),
    ("Báo cáo kết quả thực hiện", "Báo cáo", "report"),
    ("Xây dựng đề án", "Đề án", "plan"),
    ("Trình Ủy ban nhân dân dự thảo quyết định về", "Tờ trình, dự thảo quyết định", "submission"),
    ("Rà soát, đánh giá tình hình", "Báo cáo", "report"),
    ("Tổ chức kiểm tra việc thực hiện", "Báo cáo kiểm tra", "report"),
    ("Hướng dẫn các địa phương thực hiện", "Văn bản hướng dẫn", "decision"),
    ("Đẩy nhanh tiến độ", "Công trình hoàn thành", "works"),
    ("Giải quyết dứt điểm kiến nghị của cử tri về", "Văn bản trả lời cử tri", "other"),
    ("Tổng hợp, đề xuất giải pháp tháo gỡ vướng mắc về", "Báo cáo đề xuất", "report"),
]
_TOPICS = [
    "giải ngân vốn đầu tư công", "chuyển đổi số trong cơ quan nhà nước", "cải cách thủ tục hành chính",
    "giải phóng mặt bằng dự án đường vành đai", "xây dựng nông thôn mới nâng cao", "phòng, chống thiên tai",
    "an toàn thực phẩm", "chương trình mục tiêu quốc gia giảm nghèo bền vững", "xóa nhà tạm, nhà dột nát",
    "sắp xếp đơn vị hành chính cấp xã", "thu ngân sách nhà nước", "quản lý đất đai, khoáng sản",
    "xử lý ô nhiễm môi trường làng nghề", "phát triển cụm công nghiệp", "bảo hiểm xã hội, bảo hiểm y tế",
    "kiên cố hóa trường lớp học", "phòng, chống dịch bệnh", "phát triển du lịch cộng đồng",
    "quy hoạch tỉnh thời kỳ 2021-2030", "Nghị quyết của Hội đồng nhân dân tỉnh về chính sách hỗ trợ doanh nghiệp",
    "dịch vụ công trực tuyến toàn trình", "tinh giản biên chế", "trật tự an toàn giao thông",
    "nhà ở xã hội", "kinh tế tập thể, hợp tác xã",
]
_NARRATIVES = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các sở, ngành liên quan.",
    "Đã tổ chức hội nghị triển khai, đang đôn đốc các đơn vị thực hiện.",
    "Đã hoàn thành khảo sát, tổng hợp số liệu; đang hoàn thiện báo cáo.",
    "Đang phối hợp với các địa phương tháo gỡ vướng mắc về mặt bằng.",
    "Đã trình lãnh đạo Ủy ban nhân dân xem xét, cho ý kiến.",
    "Hoàn thành nhiệm vụ, đã gửi sản phẩm đến cơ quan giao nhiệm vụ.",
]
_SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 2 + [
    "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh",
]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoàng", "Xuân", "Anh", "Kim", "Thành", "Đình", "Công"]
_GIVEN = [
    "An", "Bình", "Chi", "Cường", "Dũng", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Huy",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quang",
    "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Tùng", "Vân", "Việt", "Yến", "Đạt", "Hiền",
]
_DURATIONS = [(15, 10), (30, 25), (45, 10), (60, 15), (90, 20), (180, 12), (365, 8)]  # days, weight


# --- what is there -----------------------------------------------------------------------------


@dataclass
class ProvincePlan:
    index: int
    unit_id: int
    code: str
    name: str
    committee_id: int  # the province's People's Committee: issuer of its tasks
    communes: list[int]  # commune People's Committees in force
    departments: list[int] = field(default_factory=list)  # DEPARTMENTS order

    @property
    def weight(self) -> int:
        return len(self.communes) + 30


def _department_code(province_code: str, index: int) -> str:
    return f"{CODE_PREFIX}{province_code}:d{index + 1:02d}"


def provinces(today: dt.date) -> list[ProvincePlan]:
    """Today's provinces with their People's Committee, commune committees and bench departments."""
    found = list(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(today).order_by("code").values_list("pk", "code", "name"))
    committees: dict[int, int] = {}
    for pk, parent in (
        Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, parent__kind=UnitKind.PROVINCE).valid_on(today).order_by("-pk").values_list("pk", "parent_id")
    ):
        committees[parent] = pk  # if several, the oldest (smallest id) wins
    communes: dict[int, list[int]] = {}
    for pk, province in (
        Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, parent__kind=UnitKind.COMMUNE)
        .valid_on(today)
        .order_by("pk")
        .values_list("pk", "parent__parent_id")
    ):
        if province is not None:
            communes.setdefault(province, []).append(pk)
    plans = [
        ProvincePlan(index=i, unit_id=pk, code=code, name=name, committee_id=committees[pk], communes=communes.get(pk, []))
        for i, (pk, code, name) in enumerate(p for p in found if p[0] in committees)
    ]
    departments = dict(Unit.objects.filter(code__startswith=CODE_PREFIX).values_list("code", "pk"))
    for plan in plans:
        plan.departments = [departments[c] for c in (_department_code(plan.code, i) for i in range(len(DEPARTMENTS))) if c in departments]
    return plans


@dataclass
class BenchData:
    tasks: int
    units: int
    persons: int

    @property
    def present(self) -> bool:
        return self.tasks > 0


def bench_data() -> BenchData:
    return BenchData(
        tasks=Task.objects.filter(source_ref=MARK).count(),
        units=Unit.objects.filter(code__startswith=CODE_PREFIX).count(),
        persons=Person.objects.filter(source=SOURCE).count(),
    )


# --- writing rows fast -------------------------------------------------------------------------


def _reserve_ids(model: type[models.Model]) -> int:
    """The largest id in use: generated rows take the ids above it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table_name(model)}")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _reset_sequences(*models_: type[models.Model]) -> None:
    """After explicit ids: the next ordinary insert must not collide with them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- the plan ----------------------------------------------------------------------------------


class _Clock:
    """Dates as ordinals while planning; text for the database, cached."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._dates: dict[int, str] = {}
        self._stamps: dict[tuple[int, int], str] = {}

    def date(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self._dates.get(ordinal)
        if text is None:
            text = self._dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int, hour: int = 9) -> str:
        """`hour` o'clock in Việt Nam (UTC+7) on that day, stored in UTC as Django stores it."""
        key = (ordinal, hour)
        text = self._stamps.get(key)
        if text is None:
            text = f"{self.date(ordinal)} {hour - 7:02d}:00:00" + ("+00" if self.postgres else "")
            self._stamps[key] = text
        return text


def _titles() -> list[tuple[str, str, str, str]]:
    """(title, search_text, expected product, product kind) for every verb × topic."""
    out = []
    for verb, product, kind in _VERBS:
        for topic in _TOPICS:
            title = normalize(f"{verb} {topic}")
            out.append((title, " " + search_document(title, ""), product, kind))
    return out


def _lookup(weights: Sequence[int]) -> list[int]:
    """Cumulative weights, for `bisect` with a uniform draw in [0, total)."""
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


TASK_COLUMNS = (
    "id", "title", "description", "source_ref", "expected_product", "product_kind", "deadline_kind", "deadline",
    "original_deadline", "working_days", "recurrence", "recurrence_until", "no_deadline_reason", "inactivity_days",
    "state", "issued_on", "received_on", "completed_on", "cancelled_on", "progress", "last_activity_at", "is_sample",
    "search_text", "version", "created_at", "updated_at", "issuer_id", "lead_unit_id", "responsible_id",
)
COORDINATION_COLUMNS = ("task_id", "unit_id", "duty", "deadline")
REPORT_COLUMNS = ("task_id", "percent", "narrative", "attachment", "submitted_at", "review", "reviewed_at", "review_note")
EVENT_COLUMNS = ("task_id", "kind", "at", "note")
EXTENSION_COLUMNS = (
    "task_id", "current_deadline", "proposed_deadline", "reason", "requested_at", "decision", "decided_at", "decision_note",
)
REQUEST_COLUMNS = ("task_id", "to_unit_id", "message", "due_on", "requested_at", "answer", "answered_on")


@dataclass
class _Rows:
    tasks: list[tuple[Any, ...]] = field(default_factory=list)
    coordinations: list[tuple[Any, ...]] = field(default_factory=list)
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    extensions: list[tuple[Any, ...]] = field(default_factory=list)
    requests: list[tuple[Any, ...]] = field(default_factory=list)


class _Planner:
    """Draws tasks and everything that hangs off them. Deterministic for a given seed, plan
    of provinces and day; realistic enough that every status, every scorecard metric and
    every inbox filter has thousands of rows behind it at full size."""

    def __init__(self, plans: list[ProvincePlan], *, today: dt.date, seed: int, first_task_id: int, person_base: int, persons: int) -> None:
        self.plans = plans
        self.rng = random.Random(seed)
        self.today = today.toordinal()
        self.first = min(FIRST_DAY.toordinal(), self.today - 1)
        self.clock = _Clock()
        self.titles = _titles()
        self.province_cum = _lookup([p.weight for p in plans])
        self.department_cum = _lookup([w for _, _, _, w in DEPARTMENTS])
        self.duration_cum = _lookup([w for _, w in _DURATIONS])
        self.next_id = first_task_id
        self.person_base = person_base
        self.per_province = max(1, persons // len(plans))

    def chunk(self, n: int) -> _Rows:
        rows = _Rows()
        for _ in range(n):
            self._task(rows)
        return rows

    def _task(self, rows: _Rows) -> None:
        r = self.rng.random
        today = self.today
        stamp, date = self.clock.stamp, self.clock.date
        task_id = self.next_id
        self.next_id += 1
        plan = self.plans[bisect.bisect_right(self.province_cum, r() * self.province_cum[-1])]
        departments = plan.departments
        if plan.communes and r() < COMMUNE_SHARE:
            lead = plan.communes[int(r() * len(plan.communes))]
            lead_index = int(r() * len(departments))
        else:
            lead_index = bisect.bisect_right(self.department_cum, r() * self.department_cum[-1]) % len(departments)
            lead = departments[lead_index]
        responsible = self.person_base + 1 + plan.index + len(self.plans) * int(r() * self.per_province) if r() < 0.85 else None
        title, search_text, product, product_kind = self.titles[int(r() * len(self.titles))]
        hour = 8 + task_id % 8

        issued = self.first + int(r() * (today - self.first))
        draft = r() < 0.005
        if draft:
            issued = today - 1 - int(r() * 20)  # being drafted these days; issued_on stays empty
        # The deadline.
        kind, working_days, recurrence, until, reason, inactivity = "date", None, "", None, "", None
        d = r()
        if d < 0.04:
            kind, reason, inactivity, duration = "none", "Nhiệm vụ thường xuyên", 90, 180
        elif d < 0.07:
            kind, working_days = "working_days", (10, 15, 20, 30)[int(r() * 4)]
            duration = working_days * 7 // 5
        elif d < 0.10:
            kind, recurrence = "recurring", ("monthly", "quarterly")[int(r() * 2)]
            duration = 30 if recurrence == "monthly" else 90
            until = issued + 365
        else:
            duration = _DURATIONS[bisect.bisect_right(self.duration_cum, r() * self.duration_cum[-1])][0]
        deadline = None if kind == "none" else issued + duration
        original = deadline
        extension: tuple[int, int, str] | None = None  # (asked on, proposed deadline, decision)
        if deadline is not None and not draft and r() < 0.06:
            asked = max(issued + 1, deadline - 7)
            proposed = deadline + 30 + int(r() * 60)
            if asked < today:
                if r() < 0.8:
                    extension = (asked, proposed, "approved")
                    deadline = proposed
                    duration = deadline - issued
                else:
                    extension = (asked, proposed, "rejected")

        # What happened: cancelled, abandoned (open for ever), or finished early, on time or late.
        received = completed = cancelled = None
        u = r()
        if draft:
            state = State.DRAFT
        else:
            finish: int | None = None
            cancel_day: int | None = None
            if u < 0.04:
                cancel_day = issued + 1 + int(r() * duration)
            elif u >= 0.075:
                v = r()
                lateness = 0.35 + 0.65 * r() if v < 0.72 else (1.0 + 0.8 * r() if v < 0.95 else 1.8 + 2.2 * r())
                finish = issued + max(1, int(duration * lateness))
            recent = issued > today - 10
            if recent and r() < 0.6:
                state = State.ISSUED  # not yet received
            elif issued > today - 60 and r() < 0.05:
                state = State.RETURNED  # sent back as wrongly assigned, awaiting reassignment
            elif cancel_day is not None and cancel_day < today:
                state, cancelled = State.CANCELLED, cancel_day
            elif finish is not None and finish < today - 10 and r() > 0.01:
                state, completed = State.COMPLETED, finish
            elif finish is not None and finish < today:
                state, completed = State.COMPLETION_REQUESTED, finish  # awaiting acceptance
            else:
                state = State.RECEIVED
            if state not in (State.ISSUED, State.RETURNED):
                received = min(today, issued + 1 + int(r() * 5))

        # Progress reports, dated between receipt and the end (or today).
        last = issued
        end = completed or cancelled or today
        progress = 0
        if received is not None:
            if state == State.COMPLETED:
                n_reports = 1 + (duration > 100 and r() < 0.2)
            elif state == State.CANCELLED:
                n_reports = int(r() < 0.4)
            else:
                n_reports = min(3, (end - received) // 40 + (r() < 0.5))
            span = max(0, end - received)
            for k in range(n_reports):
                day = received + span * (k + 1) // (n_reports + (0 if state in (State.COMPLETED, State.COMPLETION_REQUESTED) else 1))
                done = state in (State.COMPLETED, State.COMPLETION_REQUESTED) and k == n_reports - 1
                percent = 100 if done else min(90, 10 * (1 + 8 * (k + 1) // (n_reports + 1)))
                reviewed = day + 2 <= today and r() < 0.8
                rows.reports.append((
                    task_id, percent, _NARRATIVES[5 if done else int(r() * 5)], "", stamp(day, hour),
                    "approved" if reviewed else "pending", stamp(day + 2, hour) if reviewed else None, "",
                ))
                progress = percent
                last = max(last, day)
        if state in (State.COMPLETED, State.COMPLETION_REQUESTED):
            progress = 100

        # The timeline.
        events = rows.events
        if draft:
            events.append((task_id, "created", stamp(issued, hour), ""))
        else:
            events.append((task_id, "issued", stamp(issued, hour), ""))
            if state == State.RETURNED or r() < 0.015:
                events.append((task_id, "returned", stamp(min(today, issued + 2), hour), "Không đúng chức năng, nhiệm vụ"))
                last = max(last, min(today, issued + 2))
        if extension is not None:
            asked, proposed, decision = extension
            rows.extensions.append((
                task_id, date(original), date(proposed), "Cần thêm thời gian lấy ý kiến các cơ quan liên quan",
                stamp(asked, hour), decision, stamp(min(today, asked + 3), hour), "",
            ))
            events.append((task_id, "extension_requested", stamp(asked, hour), ""))
            last = max(last, asked)
        if state == State.COMPLETED:
            assert completed is not None
            accepted = min(today, completed + 1 + int(r() * 5))
            events.append((task_id, "completion_accepted", stamp(accepted, hour), ""))
            last = max(last, accepted)
        elif state == State.COMPLETION_REQUESTED:
            assert completed is not None
            events.append((task_id, "completion_requested", stamp(completed, hour), ""))
            last = max(last, completed)
        elif state == State.CANCELLED:
            assert cancelled is not None
            events.append((task_id, "cancelled", stamp(cancelled, hour), "Không còn phù hợp"))
            last = max(last, cancelled)

        # Coordinating departments of the same province (never the lead), and sometimes a
        # formal request to the first of them.
        c = r()
        n_coordinations = 0 if c < 0.6 else (1 if c < 0.9 else 2)
        n_coordinations = min(n_coordinations, len(departments) - 1)
        if n_coordinations and not draft:
            first = 1 + int(r() * (len(departments) - 1))
            offsets = [first]
            if n_coordinations == 2:
                offsets.append(1 + (first + int(r() * (len(departments) - 2))) % (len(departments) - 1))
            coordinating = [departments[(lead_index + o) % len(departments)] for o in offsets]
            for unit in coordinating:
                if unit != lead:
                    rows.coordinations.append((task_id, unit, "Phối hợp cung cấp thông tin, số liệu", date(deadline - 10 if deadline else None)))
            asked_on = issued + 3 + int(r() * 8)
            if r() < 0.2 and asked_on < today and coordinating[0] != lead:
                due = asked_on + 7 + int(r() * 9)
                a = r()
                answered: int | None = None
                if a < 0.7:
                    answered = asked_on + 1 + int(r() * (due - asked_on))
                elif a < 0.82:
                    answered = due + 1 + int(r() * 20)
                if answered is not None and answered > today:
                    answered = None
                rows.requests.append((
                    task_id, coordinating[0], "Đề nghị cung cấp số liệu phục vụ xây dựng báo cáo", date(due), stamp(asked_on, hour),
                    "Đã gửi số liệu theo đề nghị" if answered is not None else "", date(answered),
                ))

        created = stamp(issued, hour)
        rows.tasks.append((
            task_id, title, "", MARK, product, product_kind, kind, date(deadline), date(original), working_days, recurrence,
            date(until), reason, inactivity, str(state), None if draft else date(issued), date(received), date(completed),
            date(cancelled), progress, stamp(last, hour), False, search_text, 1, created, stamp(last, hour),
            plan.committee_id, lead, responsible,
        ))


def _person_rows(n: int, first_id: int, seed: int) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed + 1)
    cache: dict[str, tuple[str, str]] = {}
    for i in range(n):
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        derived = cache.get(name)
        if derived is None:  # Person.save's derived fields
            given = name.rsplit(" ", 1)[-1]
            derived = cache[name] = (" " + search_document(name), (sort_key(given) + "9" + sort_key(name))[:400])
        yield (first_id + i + 1, name, 1965 + rng.randrange(32), SOURCE, False, *derived)


def _create_departments(plans: list[ProvincePlan]) -> int:
    """DEPARTMENTS under each province's People's Committee, where missing (bulk insert)."""
    existing = set(Unit.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True))
    new = []
    for plan in plans:
        where = plan.name[:1].lower() + plan.name[1:]  # "tỉnh Cao Bằng", "thành phố Hà Nội"
        for i, (name, abbreviation, kind, _) in enumerate(DEPARTMENTS):
            code = _department_code(plan.code, i)
            if code in existing:
                continue
            unit = Unit(
                code=code, kind=kind, name=f"{name} {where}", short_name=name, abbreviation=abbreviation,
                parent_id=plan.committee_id, area_id=plan.unit_id, source=SOURCE,
            )
            unit.refresh_derived(plan.name)
            new.append(unit)
    Unit.objects.bulk_create(new, batch_size=1000)
    return len(new)


@dataclass
class Generated:
    tasks: int
    rows: dict[str, int]
    seconds: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def persons_for(tasks: int) -> int:
    """About 50,000 responsible people for a million tasks; never fewer than 50."""
    return min(50_000, max(50, tasks // 20))


def generate(
    tasks: int, *, today: dt.date, seed: int = 2025, on_progress: Callable[[str], None] | None = None
) -> Generated:
    """Generate `tasks` tasks and their world (see the module docstring); replaces earlier bench data."""
    seconds: dict[str, float] = {}
    say = on_progress or (lambda _text: None)
    started = time.perf_counter()
    if bench_data().present or Unit.objects.filter(code__startswith=CODE_PREFIX).exists():
        drop()
        seconds["drop"] = time.perf_counter() - started
    plans = provinces(today)
    if not plans:
        raise ValueError("no province in force with a People's Committee: run `thucthi reference load`")
    writer = Writer()
    step = time.perf_counter()
    with transaction.atomic():
        if writer.postgres:
            with connection.cursor() as cursor:
                # Check each COPY's foreign keys as it ends, not millions at once at COMMIT.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        writer.rows[Unit._meta.db_table] += _create_departments(plans)
        plans = provinces(today)
        n_persons = persons_for(tasks)
        person_base = _reserve_ids(Person)
        writer.write(Person, ("id", "full_name", "birth_year", "source", "is_sample", "search_text", "sort_key"),
                     _person_rows(n_persons, person_base, seed))
        seconds["units, people"] = time.perf_counter() - step
        say(f"{writer.rows[Unit._meta.db_table]} đơn vị, {n_persons} người / units, people: {seconds['units, people']:.1f} s")

        step = time.perf_counter()
        planner = _Planner(plans, today=today, seed=seed, first_task_id=_reserve_ids(Task) + 1, person_base=person_base, persons=n_persons)
        done = 0
        while done < tasks:
            n = min(CHUNK, tasks - done)
            rows = planner.chunk(n)
            writer.write(Task, TASK_COLUMNS, rows.tasks)
            writer.write(Coordination, COORDINATION_COLUMNS, rows.coordinations)
            writer.write(ProgressReport, REPORT_COLUMNS, rows.reports)
            writer.write(TaskEvent, EVENT_COLUMNS, rows.events)
            writer.write(ExtensionRequest, EXTENSION_COLUMNS, rows.extensions)
            writer.write(CoordinationRequest, REQUEST_COLUMNS, rows.requests)
            done += n
            if done % (CHUNK * 10) == 0 or done == tasks:
                say(f"{done:,} nhiệm vụ / tasks · {time.perf_counter() - step:.0f} s".replace(",", "."))
        _reset_sequences(Person, Task)
        seconds["tasks and their rows"] = time.perf_counter() - step
    step = time.perf_counter()
    analyze()
    seconds["VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"] = time.perf_counter() - step
    return Generated(tasks=tasks, rows=dict(writer.rows), seconds=seconds)


BENCH_MODELS: tuple[type[models.Model], ...] = (
    Task, TaskEvent, ProgressReport, Coordination, CoordinationRequest, ExtensionRequest, Person, Unit, User,
)


def analyze() -> None:
    """Planner statistics (and, on PostgreSQL, the visibility map autovacuum would have set)."""
    tables = ", ".join(quote_name(m._meta.db_table) for m in BENCH_MODELS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run inside a transaction (the test suite's): ANALYZE alone then.
            cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def drop() -> dict[str, int]:
    """Delete every generated row, children first: set-based DELETEs, no ORM collector."""
    deleted: Counter[str] = Counter()
    task_ids = f"SELECT id FROM {table_name(Task)} WHERE source_ref = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        # Every table that points at tasks, including ones other apps add (notifications …).
        for rel in Task._meta.related_objects:
            model = rel.related_model
            if not isinstance(model, type) or model is Task or not isinstance(rel.field, models.ForeignKey):
                continue
            column = rel.field.column
            cursor.execute(f"DELETE FROM {table_name(model)} WHERE {quote_name(column)} IN ({task_ids})", [MARK])
            deleted[model._meta.db_table] += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {table_name(Task)} WHERE source_ref = %s", [MARK])
        deleted[Task._meta.db_table] += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {table_name(User)} WHERE username LIKE %s", [USER_PREFIX + "%"])
        deleted[User._meta.db_table] += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {table_name(Person)} WHERE source = %s", [SOURCE])
        deleted[Person._meta.db_table] += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {table_name(Unit)} WHERE code LIKE %s", [CODE_PREFIX + "%"])
        deleted[Unit._meta.db_table] += max(cursor.rowcount, 0)
    return {k: v for k, v in deleted.items() if v}


# --- who asks ----------------------------------------------------------------------------------


def bench_users(plans: list[ProvincePlan], *, officers: int, seed: int) -> tuple[list[User], dict[int, User]]:
    """One unit officer for each of `officers` departments drawn at random, and one People's
    Committee office account per province (created if missing, marked "bench-")."""
    departments = sorted(u for p in plans for u in p.departments)
    chosen = sorted(random.Random(seed + 2).sample(departments, min(officers, len(departments))))
    codes = dict(Unit.objects.filter(pk__in=chosen).values_list("pk", "code"))
    officer_names = [f"{USER_PREFIX}{codes[unit_id].removeprefix(CODE_PREFIX).replace(':', '-').lower()}" for unit_id in chosen]
    wanted: dict[str, tuple[Role, int]] = {}
    for name, unit_id in zip(officer_names, chosen, strict=True):
        wanted[name] = (Role.UNIT_OFFICER, unit_id)
    for plan in plans:
        wanted[f"{USER_PREFIX}{plan.code.lower()}-office"] = (Role.COMMITTEE_OFFICE, plan.committee_id)
    have = set(User.objects.filter(username__in=list(wanted)).values_list("username", flat=True))
    password = make_password(None)
    User.objects.bulk_create([
        User(username=name, role=role, unit_id=unit, full_name=name, password=password)
        for name, (role, unit) in wanted.items() if name not in have
    ])
    users = {u.username: u for u in User.objects.filter(username__in=list(wanted))}
    inbox_users = [users[n] for n in dict.fromkeys(officer_names)]
    offices = {plan.unit_id: users[f"{USER_PREFIX}{plan.code.lower()}-office"] for plan in plans}
    return inbox_users, offices


def fresh(user: User) -> User:
    """The user as a new request sees it: no cached held units (one query to find them)."""
    user.__dict__.pop("_held_units", None)
    return user


# --- dialect helpers for the hand-written SQL ---------------------------------------------------


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _date() -> str:
    """A date parameter (SQLite compares ISO text; CAST there would make it a number)."""
    return "CAST(%s AS date)" if _pg() else "%s"


def _days(later: str, earlier: str) -> str:
    if _pg():
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _day(value: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


OPEN_INBOX = ("issued", "received", "completion_requested", "returned")  # selectors.inbox: OPEN_STATES + returned


def status_sql(alias: str = "t") -> str:
    """`tasks.status.status_expression` as SQL; one parameter: today."""
    t = alias
    return (
        f"CASE WHEN {t}.state = 'cancelled' THEN 'cancelled'"
        f" WHEN {t}.state = 'completed' AND ({t}.deadline IS NULL OR {t}.completed_on <= {t}.deadline) THEN 'completed_on_time'"
        f" WHEN {t}.state = 'completed' THEN 'completed_late'"
        f" WHEN {t}.state = 'draft' THEN 'not_started'"
        f" WHEN {t}.state = 'completion_requested' AND {t}.deadline IS NOT NULL AND {t}.completed_on <= {t}.deadline THEN 'in_progress'"
        f" WHEN {t}.deadline < {_date()} THEN 'overdue'"
        f" WHEN {t}.state IN ('issued', 'returned') THEN 'not_started'"
        " ELSE 'in_progress' END"
    )


def overdue_sql(alias: str = "t") -> str:
    """`status_filter(Status.OVERDUE)` as a condition that is never NULL; one parameter: today."""
    t = alias
    return (
        f"({t}.state IN ('issued', 'received', 'returned', 'completion_requested') AND {t}.deadline IS NOT NULL"
        f" AND {t}.deadline < {_date()} AND NOT ({t}.state = 'completion_requested'"
        f" AND {t}.completed_on IS NOT NULL AND {t}.completed_on <= {t}.deadline))"
    )


# --- (a) an officer's inbox ---------------------------------------------------------------------

INBOX_VARIANTS = ("all", "overdue", "not_overdue")


@dataclass(frozen=True)
class InboxCase:
    user: User
    variant: str  # "all": the inbox as opened; "overdue": filtered to overdue; "not_overdue": the rest

    @property
    def label(self) -> str:
        return f"{self.user.username} {self.variant}"


@dataclass
class TaskPage:
    """A list answer: how many, and the first page as (id, status) in order."""

    count: int
    rows: list[tuple[int, str]]


def inbox_orm(case: InboxCase, today: dt.date) -> TaskPage:
    """What /tasks/?view=inbox[&status=overdue] does: `selectors.inbox_page`, the inbox's
    statement compiled once from `selectors.inbox` and run with the officer's unit and today
    (the list's columns; the first 50 and the total in one statement). `not_overdue` is its
    `overdue=False` form."""
    page = selectors.inbox_page(
        case.user, today=today, status=Status.OVERDUE if case.variant == "overdue" else "",
        overdue=False if case.variant == "not_overdue" else None,
    )
    assert page is not None  # every bench officer has a unit
    return TaskPage(page.paginator.count, [(t.pk, t.status) for t in page])


def inbox_sql(case: InboxCase, today: dt.date) -> tuple[str, list[Any]]:
    """One statement: the held units (recursive, as `units_held_by`); the open tasks they
    lead, ordered and cut to the page on narrow rows with the total as a window count; then
    the page's 50 rows with the columns the list shows (as `selectors.LIST_FIELDS`) and their
    lead unit's names — exactly what the page reads, no more.

    Fastest of the forms tried (docs/performance.md): count and page as two statements,
    or joining before the cut, are 15-35 % slower.
    """
    day = _day(today)
    states = ", ".join(f"'{s}'" for s in OPEN_INBOX)
    where = f"t.lead_unit_id IN (SELECT id FROM held) AND t.state IN ({states})"
    params: list[Any] = [case.user.unit_id, day]
    if case.variant == "overdue":
        where += f" AND {overdue_sql()}"
        params.append(day)
    elif case.variant == "not_overdue":
        where += f" AND NOT {overdue_sql()}"
        params.append(day)
    params.append(day)  # the status in the outer SELECT
    sql = (
        "WITH RECURSIVE held(id) AS ("
        " SELECT CAST(%s AS bigint) UNION"
        f" SELECT s.predecessor_id FROM orgs_succession s JOIN held h ON s.successor_id = h.id WHERE s.effective_date <= {_date()})"
        f" SELECT t.id, {status_sql()} AS status, page.total, t.title, t.is_sample, t.deadline, t.deadline_kind, t.progress,"
        " lu.name, lu.short_name"
        f" FROM (SELECT t.id, t.deadline, COUNT(*) OVER () AS total FROM tasks_task t WHERE {where}"
        f" ORDER BY t.deadline, t.id LIMIT {PAGE_SIZE}) page"
        " JOIN tasks_task t ON t.id = page.id JOIN orgs_unit lu ON lu.id = t.lead_unit_id"
        " ORDER BY page.deadline, page.id"
    )
    return sql, params


def inbox_raw(case: InboxCase, today: dt.date) -> TaskPage:
    sql, params = inbox_sql(case, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return TaskPage(0, [])
    return TaskPage(int(rows[0][2]), [(int(r[0]), r[1]) for r in rows])


# --- (b) the issuer's board --------------------------------------------------------------------


@dataclass(frozen=True)
class BoardCase:
    user: User
    province: str

    @property
    def label(self) -> str:
        return f"{self.user.username}"


@dataclass
class Board:
    counts: dict[str, int]
    page: TaskPage


def board_orm(case: BoardCase, today: dt.date) -> Board:
    """What /tasks/?view=issued does: issuer_board (its counts by status), then
    `selectors.task_page` (count() and the first 50, the list's columns)."""
    qs, counts = selectors.issuer_board(fresh(case.user), today=today)
    page = selectors.task_page(qs, 1, short=False)
    rows = [(t.pk, t.status) for t in page]
    return Board({k: v for k, v in counts.items() if v}, TaskPage(page.paginator.count, rows))


def office_committees(case: BoardCase, today: dt.date) -> list[int]:
    """The People's Committees an office acts for: its province and every unit succeeded into it
    by `today` (recursively), then the committees whose area is one of those, or a commune or
    district under them."""
    area_id = case.user.unit.area_id if case.user.unit is not None else None
    if area_id is None:
        return []
    sql = (
        "WITH RECURSIVE scope(id) AS (SELECT CAST(%s AS BIGINT) UNION"
        " SELECT s.predecessor_id FROM orgs_succession s JOIN scope ON s.successor_id = scope.id WHERE s.effective_date <= %s)"
        " SELECT u.id FROM orgs_unit u LEFT JOIN orgs_unit a ON a.id = u.area_id LEFT JOIN orgs_unit ap ON ap.id = a.parent_id"
        " WHERE u.kind = 'peoples_committee' AND (u.area_id IN (SELECT id FROM scope) OR a.parent_id IN (SELECT id FROM scope)"
        " OR ap.parent_id IN (SELECT id FROM scope))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [area_id, _day(today)])
        return [row[0] for row in cursor.fetchall()]


def board_sql(case: BoardCase, today: dt.date) -> tuple[str, list[Any], str, list[Any]]:
    """The counts and the page. Same scope as `issuing_units` for the People's Committee
    office: tasks issued by the People's Committees of the office's province (the province,
    the provinces it took over, and their communes and districts), drafts included. The
    committees are looked up first: as a subquery the planner underestimates them.

    The counts group by the facts the status depends on (a few dozen groups), not by the
    status text: PostgreSQL then aggregates in parallel workers and hashes booleans instead
    of a CASE string, 40 % faster than GROUP BY status. `board_status` folds the groups into
    statuses by the rule of `tasks.status`; their sum is the total, so no separate COUNT.
    """
    ids = office_committees(case, today) or [0]
    scope = f"t.issuer_id IN ({', '.join(str(int(i)) for i in ids)})"
    counts_sql = (
        f"SELECT t.state, t.deadline IS NULL, t.deadline < {_date()}, t.completed_on <= t.deadline, COUNT(*)"
        f" FROM tasks_task t WHERE {scope} GROUP BY 1, 2, 3, 4"
    )
    page_sql = (
        f"SELECT t.id, {status_sql()} AS status, t.*, lu.*, iss.*, p.*"
        " FROM tasks_task t JOIN orgs_unit lu ON lu.id = t.lead_unit_id JOIN orgs_unit iss ON iss.id = t.issuer_id"
        " LEFT JOIN orgs_person p ON p.id = t.responsible_id"
        f" WHERE {scope} ORDER BY t.deadline, t.id LIMIT {PAGE_SIZE}"
    )
    day = _day(today)
    return counts_sql, [day], page_sql, [day]


def board_status(state: str, no_deadline: Any, past_deadline: Any, done_by_deadline: Any) -> str:
    """`status_expression` on the grouped facts (None where SQL gives NULL)."""
    if state == State.CANCELLED:
        return Status.CANCELLED
    if state == State.COMPLETED:
        return Status.COMPLETED_ON_TIME if no_deadline or done_by_deadline else Status.COMPLETED_LATE
    if state == State.DRAFT:
        return Status.NOT_STARTED
    if state == State.COMPLETION_REQUESTED and not no_deadline and done_by_deadline:
        return Status.IN_PROGRESS
    if past_deadline:
        return Status.OVERDUE
    if state in (State.ISSUED, State.RETURNED):
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def board_raw(case: BoardCase, today: dt.date) -> Board:
    counts_sql, counts_params, page_sql, page_params = board_sql(case, today)
    counts: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, counts_params)
        for state, no_deadline, past, done, n in cursor.fetchall():
            counts[str(board_status(state, no_deadline, past, done))] += int(n)
        cursor.execute(page_sql, page_params)
        rows = cursor.fetchall()
    return Board({k: v for k, v in counts.items() if v}, TaskPage(sum(counts.values()), [(int(r[0]), r[1]) for r in rows]))


# --- (c) one province's scorecard for a year ------------------------------------------------------


@dataclass(frozen=True)
class ScorecardCase:
    province_id: int
    province: str
    period: str = SCORECARD_PERIOD

    @property
    def label(self) -> str:
        return f"{self.province} {self.period}"


@dataclass(frozen=True)
class ScoreLine:
    """One ranked unit as the page shows it: its count for every metric, the two ratios, and
    the units whose tasks it includes. Its place in the list is its rank. The flags are a
    function of these counts (`accountability.flags`), so equal counts show equal flags. The
    task ids behind a number are not on the page: it fetches them when the number is clicked
    (`scorecard_tasks`), so neither side computes them."""

    unit_id: int
    counts: tuple[int, ...]  # METRICS order
    on_time_rate: float | None
    average_delay_days: float | None
    folded: tuple[int, ...] = ()


def scorecard_orm(case: ScorecardCase, today: dt.date) -> list[ScoreLine]:
    """What /scorecards/?period=2025&area=<province> does: scorecard_rows without task ids
    (counted in the database), ranked, with flags."""
    rows = scorecard_rows(period=parse_period(case.period), today=today, area_id=case.province_id, task_ids=False)
    return [
        ScoreLine(
            r.score.unit_id, tuple(getattr(r.score, m) for m in METRICS), r.score.on_time_rate, r.score.average_delay_days,
            tuple(f.unit_id for f in r.score.folded),
        )
        for r in rows
    ]


TASK_METRIC_SQL: dict[str, str] = {
    "assigned": "1 = 1",
    "completed_on_time": "status = 'completed_on_time'",
    "completed_late": "status = 'completed_late'",
    "cancelled": "status = 'cancelled'",
    "open": "state NOT IN ('completed', 'cancelled')",
    "overdue": "status = 'overdue'",
    "overdue_1_30": "status = 'overdue' AND late_days <= 30",
    "overdue_31_90": "status = 'overdue' AND late_days > 30 AND late_days <= 90",
    "overdue_over_90": "status = 'overdue' AND late_days > 90",
    "rated": "status IN ('completed_on_time', 'completed_late', 'overdue')",
    "delayed": "(status = 'completed_late' AND completed_on IS NOT NULL) OR status = 'overdue'",
    "extensions_requested": "n_ext > 0",
    "tasks_returned": "was_returned = 1",
}
REQUEST_OUTCOMES = ("answered_on_time", "answered_late", "unanswered_overdue", "unanswered_pending", "unanswered_moot")


def scorecard_sql(case: ScorecardCase, today: dt.date) -> tuple[str, list[Any]]:
    """The province's scorecard in one statement: per unit of the province (`area_id`), the
    tasks issued in the period it leads and the coordination requests made to it in the
    period, every metric of `accountability.scorecards` counted, ranked. (Until the page
    stopped needing them, both sides also listed the task ids behind every number, with
    `array_agg … FILTER` here.)

    Whose task it is: each lead unit holds its own duties. True of the generated data (no
    task is led by a unit that has since been reorganised); with succession links in play
    the equality check before timing would fail rather than compare different answers.
    """
    period = parse_period(case.period)
    tz = timezone.get_default_timezone()
    since = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min), tz)
    until = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min), tz)
    day = _day(today)
    d = _date()
    # The same units as accountability.selectors.province_units (the province, its agencies, its
    # communes' bodies), looked up first: as a subquery the planner misjudges them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM orgs_unit u LEFT JOIN orgs_unit a ON a.id = u.area_id WHERE u.id = %s OR u.area_id = %s OR a.parent_id = %s",
            [case.province_id] * 3,
        )
        unit_ids = [row[0] for row in cursor.fetchall()] or [0]
    area = f"u.id IN ({', '.join(str(int(i)) for i in unit_ids)})"
    task_cols = ", ".join(
        [
            "SUM(n_ext) AS extensions_requested" if m == "extensions_requested" else f"COUNT(*) FILTER (WHERE {c}) AS {m}"
            for m, c in TASK_METRIC_SQL.items()
        ]
        + ["SUM(CASE WHEN status = 'overdue' THEN late_days WHEN status = 'completed_late' AND completed_on IS NOT NULL"
           f" THEN {_days('completed_on', 'deadline')} ELSE 0 END) AS delay_days"]
    )
    request_cols = ", ".join(
        ["COUNT(*) AS coordination_requests_received"]
        + [f"COUNT(*) FILTER (WHERE outcome = '{o}') AS {o}" for o in REQUEST_OUTCOMES]
    )
    sql = (
        f"WITH tasks AS {'MATERIALIZED ' if _pg() else ''}("
        f" SELECT t.id, t.lead_unit_id AS unit_id, t.state, t.deadline, t.completed_on, {status_sql()} AS status,"
        f" CASE WHEN t.deadline < {d} THEN {_days(d, 't.deadline')} END AS late_days,"
        " (SELECT COUNT(*) FROM tasks_extensionrequest e WHERE e.task_id = t.id) AS n_ext,"
        " CASE WHEN EXISTS (SELECT 1 FROM tasks_taskevent v WHERE v.task_id = t.id AND v.kind = 'returned') THEN 1 ELSE 0 END AS was_returned"
        " FROM tasks_task t JOIN orgs_unit u ON u.id = t.lead_unit_id"
        f" WHERE t.issued_on >= {d} AND t.issued_on <= {d} AND t.state <> 'draft' AND {area}),"
        f" task_scores AS (SELECT unit_id, {task_cols} FROM tasks GROUP BY unit_id),"
        " requests AS ("
        " SELECT r.task_id, r.to_unit_id AS unit_id, CASE"
        " WHEN r.answered_on IS NOT NULL AND r.answered_on <= r.due_on THEN 'answered_on_time'"
        " WHEN r.answered_on IS NOT NULL THEN 'answered_late'"
        " WHEN t.state = 'cancelled' AND t.cancelled_on IS NOT NULL AND t.cancelled_on <= r.due_on THEN 'unanswered_moot'"
        " WHEN t.state IN ('completed', 'completion_requested') AND t.completed_on IS NOT NULL AND t.completed_on <= r.due_on"
        " THEN 'unanswered_moot'"
        f" WHEN r.due_on < {d} THEN 'unanswered_overdue' ELSE 'unanswered_pending' END AS outcome"
        " FROM tasks_coordinationrequest r JOIN tasks_task t ON t.id = r.task_id JOIN orgs_unit u ON u.id = r.to_unit_id"
        f" WHERE r.requested_at >= %s AND r.requested_at < %s AND {area}),"
        f" request_scores AS (SELECT unit_id, {request_cols} FROM requests GROUP BY unit_id),"
        " scored AS (SELECT unit_id FROM task_scores UNION SELECT unit_id FROM request_scores)"
        " SELECT u.id, ts.*, rs.* FROM scored k JOIN orgs_unit u ON u.id = k.unit_id"
        " LEFT JOIN task_scores ts ON ts.unit_id = k.unit_id LEFT JOIN request_scores rs ON rs.unit_id = k.unit_id"
        " ORDER BY CASE WHEN COALESCE(ts.rated, 0) = 0 THEN 1 ELSE 0 END,"
        " ts.completed_on_time * 1.0 / NULLIF(ts.rated, 0) DESC, COALESCE(ts.overdue, 0), u.sort_key, u.id"
    )
    params: list[Any] = [
        day, day, day, _day(period.start), _day(period.end),
        day, connection.ops.adapt_datetimefield_value(since), connection.ops.adapt_datetimefield_value(until),
    ]
    return sql, params


def scorecard_raw(case: ScorecardCase, today: dt.date) -> list[ScoreLine]:
    sql, params = scorecard_sql(case, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    lines = []
    for row in rows:
        # Two "unit_id" columns (ts, rs) may be NULL; read by name from the last match.
        values = dict(zip(names, row, strict=True))
        counts = tuple(int(values.get(m) or 0) for m in METRICS)
        by = dict(zip(METRICS, counts, strict=True))
        rated, delayed = by["rated"], by["delayed"]
        lines.append(ScoreLine(
            int(row[0]), counts,
            by["completed_on_time"] / rated if rated else None,
            int(values.get("delay_days") or 0) / delayed if delayed else None,
        ))
    return lines


# --- equality before timing, then timing ----------------------------------------------------------

Case = InboxCase | BoardCase | ScorecardCase
Fn = Callable[[Any, dt.date], Any]
KINDS: dict[str, tuple[Fn, Fn]] = {
    "inbox": (inbox_orm, inbox_raw),
    "board": (board_orm, board_raw),
    "scorecard": (scorecard_orm, scorecard_raw),
}


def kind_of(case: Case) -> str:
    return "inbox" if isinstance(case, InboxCase) else ("board" if isinstance(case, BoardCase) else "scorecard")


@dataclass
class Mismatch:
    case: Case
    orm: Any
    sql: Any

    def __str__(self) -> str:
        return f"{kind_of(self.case)} {self.case.label}: ORM {short(self.orm)} / SQL {short(self.sql)}"


def mismatches(cases: Sequence[Case], today: dt.date) -> list[Mismatch]:
    """Cases where the hand-written SQL does not give the selector's answer."""
    problems = []
    for case in cases:
        orm_fn, sql_fn = KINDS[kind_of(case)]
        orm, sql = orm_fn(case, today), sql_fn(case, today)
        if orm != sql:
            problems.append(Mismatch(case, orm, sql))
    return problems


def result_size(case: Case, today: dt.date) -> int:
    """What the answer is about: tasks in the list, or units on the scorecard."""
    answer = KINDS[kind_of(case)][1](case, today)
    if isinstance(answer, TaskPage):
        return answer.count
    if isinstance(answer, Board):
        return answer.page.count
    return len(answer)


@dataclass
class Timing:
    case: Case
    size: int
    orm: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)


@dataclass
class Group:
    """A line of the report: requests of one kind (and inbox filter), pooled."""

    name: str
    kind: str
    timings: list[Timing]

    @property
    def orm(self) -> list[float]:
        return [s for t in self.timings for s in t.orm]

    @property
    def sql(self) -> list[float]:
        return [s for t in self.timings for s in t.sql]

    def p(self, side: str, q: float) -> float:
        return percentile(self.orm if side == "orm" else self.sql, q)

    @property
    def mean_size(self) -> float:
        return sum(t.size for t in self.timings) / len(self.timings) if self.timings else 0.0


@dataclass
class Report:
    vendor: str
    version: str
    tasks: int
    repeat: int
    timings: list[Timing]
    elapsed: float

    def groups(self) -> list[Group]:
        out = []
        for variant in INBOX_VARIANTS:
            chosen = [t for t in self.timings if isinstance(t.case, InboxCase) and t.case.variant == variant]
            if chosen:
                out.append(Group(f"inbox {variant}", "inbox", chosen))
        for t in self.timings:
            if isinstance(t.case, BoardCase):
                out.append(Group(f"board {t.case.province}", "board", [t]))
        for t in self.timings:
            if isinstance(t.case, ScorecardCase):
                out.append(Group(f"scorecard {t.case.label}", "scorecard", [t]))
        return out

    def overall(self, kind: str) -> Group:
        return Group(kind, kind, [t for t in self.timings if kind_of(t.case) == kind])


def run(
    cases: Sequence[Case], *, today: dt.date, repeat: int, warmup: int = 1, on_round: Callable[[int], None] | None = None
) -> Report:
    """Time every case `repeat` times each way after `warmup` untimed rounds; ORM and SQL
    alternate request by request and swap who goes first every round (as `bench units`)."""
    started = time.perf_counter()
    timings = [Timing(case, result_size(case, today)) for case in cases]
    pairs = [(partial(KINDS[kind_of(t.case)][0], t.case, today), partial(KINDS[kind_of(t.case)][1], t.case, today)) for t in timings]
    for t, (orm_times, sql_times) in zip(timings, time_alternating(pairs, repeat=repeat, warmup=warmup, on_round=on_round), strict=True):
        t.orm.extend(orm_times)
        t.sql.extend(sql_times)
    return Report(
        vendor=connection.vendor, version=database_version(), tasks=Task.objects.filter(source_ref=MARK).count(),
        repeat=repeat, timings=timings, elapsed=time.perf_counter() - started,
    )


def build_cases(
    plans: list[ProvincePlan], *, officers: int = 200, provinces_for_boards: int = 3, seed: int = 2025
) -> list[Case]:
    """200 officers × 3 inbox filters; the board and the 2025 scorecard of the largest, the
    median and the smallest province (by number of communes, which sets their share of tasks)."""
    inbox_users, offices = bench_users(plans, officers=officers, seed=seed)
    cases: list[Case] = [InboxCase(u, v) for v in INBOX_VARIANTS for u in inbox_users]
    by_size = sorted(plans, key=lambda p: (-p.weight, p.code))
    picks = [by_size[0], by_size[len(by_size) // 2], by_size[-1]][:provinces_for_boards] if by_size else []
    chosen: list[ProvincePlan] = []
    for p in picks:
        if p not in chosen:
            chosen.append(p)
    cases += [BoardCase(offices[p.unit_id], p.code) for p in chosen]
    cases += [ScorecardCase(p.unit_id, p.code) for p in chosen]
    return cases
