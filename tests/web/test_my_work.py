"""Issue 10: "Việc của tôi", the signed-in home, and the approvals list.

Every counter links to a list, and the test reads both: a counter that disagrees with its list,
or that counts another province's or another unit's work, fails here."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.indicators.fixtures import enter, plan_world
from thucthi.accounts.models import User
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.council import questioning
from thucthi.council.services import delegate_add, session_create, term_create
from thucthi.orgs.models import Person
from thucthi.tasks import selectors, services
from thucthi.tasks.models import ProgressReport, ReviewState, State, Task
from thucthi.web import mywork

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)  # the suite's standing day; the reporting month began on 15/11


def _task(w: World, title: str, *, deadline: dt.date, state: str = "issued", issuer: Any = None, lead: Any = None) -> Task:
    task = services.task_create(
        actor=None,
        title=title,
        issuer=issuer or w.committee,
        lead_unit=lead or w.finance,
        responsible=w.officer.person,
        accepting_unit=issuer or w.committee,
        expected_product="Báo cáo",
        deadline=deadline,
        issue=True,
    )
    if state != "issued":
        services.task_receive(actor=None, task=task)
    return Task.objects.get(pk=task.pk)


@pytest.fixture
def finance_work(world: World) -> dict[str, Task]:
    """The Department of Finance's work on the standing day, one task per list."""
    w = world
    with clock.frozen(dt.date(2026, 11, 2)):
        stale = _task(w, "Báo cáo thu ngân sách tháng 10", deadline=dt.date(2027, 3, 1), state="received")
        overdue = _task(w, "Rà soát nợ đọng xây dựng cơ bản", deadline=dt.date(2026, 11, 20), state="received")
        returned = _task(w, "Đề án tiết kiệm chi thường xuyên", deadline=dt.date(2027, 3, 1), state="received")
        services.progress_submit(actor=w.officer, task=returned, percent=20, narrative="Đã xây dựng đề cương")
    services.progress_review(actor=w.head, report=returned.progress_reports.get(), approve=False, note="Bổ sung số liệu")
    fresh = _task(w, "Quyết toán vốn đầu tư năm 2025", deadline=dt.date(2026, 11, 27), state="received")
    services.progress_submit(actor=w.officer, task=fresh, percent=60, narrative="Đã quyết toán 60% dự án")
    new = _task(w, "Hướng dẫn lập dự toán năm 2027", deadline=dt.date(2026, 12, 31))
    health = _task(w, "Báo cáo công tác y tế dự phòng", deadline=dt.date(2026, 11, 25), lead=w.health)
    return {"stale": stale, "overdue": overdue, "returned": returned, "fresh": fresh, "new": new, "health": health}


def _count_on_page(html: str, key: str) -> int:
    match = re.search(rf'data-key="{key}"><strong[^>]*>(\d+)</strong>', html)
    assert match is not None, f"no counter {key}"
    return int(match.group(1))


def _list_count(client: Client, key: str) -> int:
    url = mywork.list_url(key)
    html = client.get(url).content.decode()
    if key in selectors.APPROVAL_KEYS:
        return len(
            re.findall(
                rf'<form method="post" class="form approval" id="{ {"reports": "report", "completions": "completion", "extensions": "extension"}[key] }-',
                html,
            )
        )
    if key == "figures":
        return html.count('name="actual"')
    match = re.search(r'<p class="count" role="status">(\d+) mục</p>', html)
    assert match is not None, html[:500]
    return int(match.group(1))


def _counters_match_lists(user: User) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    _, counts = mywork.sections_for(user)
    for key, n in counts.items():
        assert _count_on_page(html, key) == n, key
        assert _list_count(client, key) == n, key
    return counts


def test_it_keeps_the_public_home_for_the_public_and_at_public(world: World) -> None:
    public = Client().get("/").content.decode()
    assert "Từ nghị quyết đến kết quả" in public and "Việc của tôi" not in public
    client = world.client_for(world.officer)
    home = client.get("/").content.decode()
    assert "<h1>Việc của tôi</h1>" in home and 'href="/public/"' in home
    assert "Từ nghị quyết đến kết quả" in client.get("/public/").content.decode()


def test_it_gives_the_unit_officer_the_units_lists(world: World, finance_work: dict[str, Task]) -> None:
    work = selectors.my_work(world.officer, today=TODAY)
    assert work.counts == {
        "to-receive": 1,
        "to-report": 3,
        "report-returned": 1,
        "overdue": 1,
        "due-soon": 1,
        "coordination": 0,
    }
    titles = {key: [t.title for t in rows] for key, rows in work.firsts.items()}
    assert titles["to-receive"] == [finance_work["new"].title]
    # Reported this month (from 15/11): not to report; last reported on 2/11: to report.
    assert set(titles["to-report"]) == {finance_work[k].title for k in ("stale", "overdue", "returned")}
    assert titles["report-returned"] == [finance_work["returned"].title]
    assert titles["due-soon"] == [finance_work["fresh"].title]
    assert finance_work["health"].title not in str(titles)
    counts = _counters_match_lists(world.officer)
    assert "reports" not in counts, "an officer approves nothing"


def test_the_unit_head_sees_what_waits_for_approval_and_the_officers_lists(world: World, finance_work: dict[str, Task]) -> None:
    counts = _counters_match_lists(world.head)
    assert counts["reports"] == 1 and counts["to-report"] == 3
    html = world.client_for(world.head).get("/").content.decode()
    assert re.search(r"Chờ duyệt: <strong>1</strong>", html)
    # The head of another unit sees none of finance's work.
    other = selectors.my_work(world.other_head, today=TODAY).counts
    assert other["reports"] == 0 and other["to-receive"] == 1 and other["due-soon"] == 1


def test_the_head_approves_a_report_from_the_list_and_the_counter_drops(world: World, finance_work: dict[str, Task]) -> None:
    client = world.client_for(world.head)
    report = finance_work["fresh"].progress_reports.get()
    page = client.get("/tasks/approvals/").content.decode()
    assert "Đã quyết toán 60% dự án" in page and "60%" in page
    response = client.post(
        "/tasks/approvals/", {"action": "review", "task": report.task_id, "report": report.pk, "approve": "1", "note": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/approvals/"
    report.refresh_from_db()
    assert report.review == ReviewState.APPROVED and report.reviewed_by == world.head
    assert Task.objects.get(pk=report.task_id).progress == 60
    assert "Báo cáo đã được duyệt" not in client.get("/tasks/approvals/").content.decode()
    assert re.search(r"Chờ duyệt: <strong>0</strong>", client.get("/").content.decode())


def test_returning_without_a_note_is_refused_next_to_the_note_and_writes_nothing(
    world: World, finance_work: dict[str, Task]
) -> None:
    client = world.client_for(world.head)
    report = finance_work["fresh"].progress_reports.get()
    audits = AuditRecord.objects.count()
    response = client.post(
        "/tasks/approvals/", {"action": "review", "task": report.task_id, "report": report.pk, "approve": "0", "note": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<span class="field-error" id="err-report-\d+">Cần ghi ý kiến khi trả lại báo cáo.</span>', html)
    assert ProgressReport.objects.get(pk=report.pk).review == ReviewState.PENDING
    assert AuditRecord.objects.count() == audits


def test_the_committee_office_decides_completions_and_extensions_of_its_province_only(world: World) -> None:
    w = world
    done = _task(w, "Báo cáo kết quả thu hồi nợ thuế", deadline=dt.date(2026, 12, 15), state="received")
    services.completion_request(actor=w.officer, task=done, note="Báo cáo số 12/BC-STC")
    longer = _task(w, "Kiểm kê tài sản công", deadline=dt.date(2026, 12, 15), state="received")
    services.extension_request(
        actor=w.officer, task=longer, proposed_deadline=dt.date(2027, 2, 1), reason="Chờ số liệu của các xã"
    )
    wrong = _task(w, "Đề án phát triển y tế cơ sở", deadline=dt.date(2026, 12, 31))
    services.task_return(actor=w.officer, task=wrong, reason="Không thuộc chức năng của Sở Tài chính")
    counts = _counters_match_lists(w.committee_office)
    assert (counts["completions"], counts["extensions"], counts["returned"], counts["issued-overdue"]) == (1, 1, 1, 0)
    assert "to-receive" not in counts, "an office leads no task"
    other = selectors.my_work(w.other_office, today=TODAY).counts
    assert (other["completions"], other["extensions"], other["returned"]) == (0, 0, 0)
    # The office accepts the completion from the list; it leaves the list.
    client = w.client_for(w.committee_office)
    response = client.post("/tasks/approvals/", {"action": "decide-completion", "task": done.pk, "accept": "1", "note": ""})
    assert response.status_code == 302
    assert Task.objects.get(pk=done.pk).state == State.COMPLETED
    assert selectors.my_work(w.committee_office, today=TODAY).counts["completions"] == 0


def test_the_council_office_and_the_delegate_see_the_questions(world: World) -> None:
    w = world
    term = term_create(actor=None, council=w.council, number=16, start_year=2026, end_year=2031)
    assert w.delegate.person is not None
    mine = delegate_add(actor=None, term=term, person=w.delegate.person, elected_on=dt.date(2026, 5, 1))
    session = session_create(actor=None, term=term, number=3, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 10))
    questioning.question_register(
        actor=None,
        session=session,
        asker=mine,
        respondent=Person.objects.create(full_name="Giám đốc Sở Tài chính (mẫu)"),
        respondent_title="Giám đốc Sở Tài chính",
        respondent_unit=w.finance,
        text="Vì sao tỷ lệ giải ngân vốn đầu tư công năm 2026 còn thấp?",
    )
    office = _counters_match_lists(w.council_office)
    assert office["questions-to-schedule"] == 1 and office["answers-to-record"] == 0
    delegate = _counters_match_lists(w.delegate)
    assert delegate == {"my-questions": 1, "my-commitments": 0, "open-sessions": 1}
    assert selectors.my_work(w.other_council_office, today=TODAY).counts.get("questions-to-schedule", 0) == 0
    assert mywork.sections_for(w.other_council_office)[1]["questions-to-schedule"] == 0


def test_zero_counts_are_shown_calmly(world: World) -> None:
    html = world.client_for(world.officer).get("/").content.decode()
    assert "Không có việc chờ." in html
    assert _count_on_page(html, "to-receive") == 0


def test_only_those_who_decide_open_the_approvals_list(world: World) -> None:
    assert world.client_for(world.officer).get("/tasks/approvals/").status_code == 403
    assert world.client_for(world.delegate).get("/tasks/approvals/").status_code == 403
    page = world.client_for(world.head).get("/tasks/approvals/").content.decode()
    assert "Không có việc chờ." in page
    assert 'href="/tasks/approvals/"' in page, "the nav links to the approvals list"
    assert 'href="/tasks/approvals/"' not in world.client_for(world.officer).get("/tasks/").content.decode()


def test_the_home_is_read_in_few_queries(world: World, finance_work: dict[str, Task], django_assert_max_num_queries: Any) -> None:
    client = world.client_for(world.head)
    client.get("/")
    with django_assert_max_num_queries(22):
        assert client.get("/").status_code == 200
    # One for the units, one counting every task list at once, one per request list, one per
    # list that has rows (six here), whatever the number of tasks.
    with django_assert_max_num_queries(12):
        selectors.my_work(User.objects.get(pk=world.head.pk), today=TODAY)


def test_the_head_counts_the_figures_waiting_for_approval_as_the_review_page_lists_them(world: World) -> None:
    plan_world(world)
    enter(world, "REV", "2025", Decimal(1600))
    counts = _counters_match_lists(world.head)
    assert counts["figures"] == 1
    assert "figures" not in mywork.sections_for(world.officer)[1], "an officer enters figures, approves none"


def test_the_administrator_has_a_system_panel_whose_counts_match_the_task_hub(
    world: World, finance_work: dict[str, Task]
) -> None:
    client = world.client_for(world.admin)
    html = client.get("/").content.decode()
    assert 'id="section-system"' in html
    for status in mywork.SYSTEM_STATUSES:
        hub = client.get(f"/tasks/?view=all&status={status.value}").content.decode()
        listed = re.search(r'<p class="count" role="status">(\d+) nhiệm vụ</p>', hub)
        assert listed is not None
        assert _count_on_page(html, status.value) == int(listed.group(1)), status
    assert 'id="section-system"' not in world.client_for(world.head).get("/").content.decode()
