"""Excel, calendar and scorecards through the pages and the API, as a user reaches them."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.conftest import World
from tests.tasks.test_excel import _row, _xlsx
from thucthi.core import clock
from thucthi.orgs.models import PositionRole
from thucthi.orgs.services import position_assign
from thucthi.tasks import selectors, services
from thucthi.tasks.io.ical import feed_token
from thucthi.tasks.models import Task


def _issued(w: World, title: str, deadline: dt.date, on: dt.date = dt.date(2026, 3, 2)) -> Task:
    with clock.frozen(on):
        return services.task_create(
            actor=None, title=title, issuer=w.committee, lead_unit=w.finance, responsible=w.head.person,
            accepting_unit=w.committee, expected_product="Báo cáo", deadline=deadline, issue=True,
        )


def test_it_exports_the_list_the_user_is_looking_at(world: World) -> None:
    _issued(world, "Báo cáo thu ngân sách quý I năm 2026", dt.date(2026, 3, 31))
    response = world.client_for(world.officer).get("/tasks/export.xlsx?view=inbox")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Báo cáo thu ngân sách quý I năm 2026" in titles


def test_it_imports_nothing_from_a_file_with_one_bad_row_and_offers_the_marked_file(world: World) -> None:
    client = world.client_for(world.committee_office)
    good = _row(title="Rà soát, đánh giá tình hình giải ngân vốn đầu tư công", deadline="31/12/2030", person="Hoa")
    bad = _row(title="Báo cáo kết quả cải cách hành chính năm 2026", lead="Sở Không Có", deadline="31/12/2030", person="Hoa")
    upload = SimpleUploadedFile("nv.xlsx", _xlsx([good, bad]))
    response = client.post("/tasks/import/", {"file": upload, "issuer": world.committee.pk, "accepting_unit": world.committee.pk, "issue": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Không nhập được" in page and "Dòng 3, cột B" in page
    assert Task.objects.count() == 0
    report = client.get(f"/tasks/import/report/{response.context['report_key']}/")
    assert report.status_code == 200
    headers = [c.value for c in load_workbook(io.BytesIO(report.content)).active[1]]
    assert "Lỗi" in headers
    assert world.client_for(world.head).get(f"/tasks/import/report/{response.context['report_key']}/").status_code == 404


def test_it_imports_every_row_when_all_are_good(world: World) -> None:
    rows = [_row(title="Rà soát, đánh giá tình hình giải ngân vốn đầu tư công", deadline="31/12/2030", person="Hoa"),
            _row(title="Báo cáo kết quả cải cách hành chính năm 2026", deadline="30/11/2030", person="Hoa")]
    upload = SimpleUploadedFile("nv.xlsx", _xlsx(rows))
    response = world.client_for(world.committee_office).post(
        "/tasks/import/", {"file": upload, "issuer": world.committee.pk, "accepting_unit": world.committee.pk, "issue": "on"}, follow=True
    )
    assert "Đã nhập 2 nhiệm vụ." in response.content.decode()
    assert Task.objects.filter(state="issued").count() == 2


def test_it_serves_a_units_deadlines_as_a_calendar_behind_a_secret_url(world: World) -> None:
    _issued(world, "Báo cáo thu ngân sách quý I năm 2026", dt.date(2026, 3, 31))
    client = world.client_for(None)
    response = client.get(f"/tasks/calendar/{feed_token('unit', world.finance.pk)}.ics")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body and "DTSTART;VALUE=DATE:20260331" in body
    forged = feed_token("unit", world.health.pk)[:-2] + "xx"
    assert client.get(f"/tasks/calendar/{forged}.ics").status_code == 404


def test_the_account_page_gives_the_calendar_addresses(world: World) -> None:
    page = world.client_for(world.officer).get("/account/").content.decode()
    assert f"/tasks/calendar/{feed_token('unit', world.finance.pk)}.ics" in page


def test_the_scorecard_counts_a_task_on_time_and_one_late(world: World) -> None:
    on_time = _issued(world, "Báo cáo thu ngân sách quý I năm 2026", dt.date(2026, 3, 31))
    late = _issued(world, "Báo cáo cải cách hành chính quý I năm 2026", dt.date(2026, 3, 20))
    for task, done in ((on_time, dt.date(2026, 3, 30)), (late, dt.date(2026, 3, 25))):
        with clock.frozen(done):
            services.task_receive(actor=None, task=task)
            services.completion_request(actor=None, task=task, note="Báo cáo")
            services.completion_decide(actor=None, task=task, accept=True)
    client = world.client_for(world.delegate)
    body = client.get("/api/v1/scorecards?period=2026-Q1").json()
    finance = next(s for s in body["items"] if s["unit_id"] == world.finance.pk)
    assert (finance["assigned"], finance["completed_on_time"], finance["completed_late"], finance["on_time_rate"]) == (2, 1, 1, 0.5)
    assert sorted(finance["task_ids"]["completed_late"]) == [late.pk]
    assert body["period_label"] == "Quý I/2026"
    page = client.get("/scorecards/?period=2026-Q1").content.decode()
    assert "Sở Tài chính" in page and "50%" in page
    drill = client.get(f"/scorecards/{world.finance.pk}/tasks/?period=2026-Q1&metric=completed_late").content.decode()
    assert "Báo cáo cải cách hành chính quý I năm 2026" in drill and "Báo cáo thu ngân sách quý I" not in drill


def test_the_scorecard_refuses_a_malformed_period(world: World) -> None:
    response = world.client_for(world.delegate).get("/api/v1/scorecards?period=2026-Q5")
    assert response.status_code == 422 and "Kỳ không hợp lệ" in response.json()["detail"]


def test_the_scorecard_can_be_read_by_head(world: World) -> None:
    assert world.head.person is not None
    position_assign(actor=None, person=world.head.person, unit=world.finance, title="Giám đốc Sở Tài chính", role=PositionRole.HEAD,
                    start=dt.date(2025, 3, 1))
    task = _issued(world, "Báo cáo thu ngân sách quý I năm 2026", dt.date(2026, 3, 31))
    with clock.frozen(dt.date(2026, 3, 30)):
        services.task_receive(actor=None, task=task)
        services.completion_request(actor=None, task=task, note="Báo cáo")
        services.completion_decide(actor=None, task=task, accept=True)
    body = world.client_for(world.delegate).get("/api/v1/scorecards?period=2026-Q1&by=head").json()
    head = next(s for s in body["items"] if s["unit_id"] == world.finance.pk)
    assert head["head"]["name"] == "Hoa" and head["head"]["title"] == "Giám đốc Sở Tài chính"
    assert (head["assigned"], head["completed_on_time"]) == (1, 1)
    page = world.client_for(world.delegate).get("/scorecards/?period=2026-Q1&by=head").content.decode()
    assert "Giám đốc Sở Tài chính" in page


def test_the_calendar_feed_reads_a_person_s_deadlines_and_nothing_for_one_who_is_gone(world: World) -> None:
    _issued(world, "Báo cáo thu ngân sách quý I năm 2026", dt.date(2026, 3, 31))
    with clock.frozen(dt.date(2026, 3, 2)):
        services.task_create(actor=None, title="Dự thảo chưa giao", issuer=world.committee, lead_unit=world.finance,
                             responsible=world.head.person, deadline=dt.date(2026, 4, 30))
    person = world.head.person
    assert person is not None
    found = selectors.deadline_feed("person", person.pk, today=dt.date(2026, 3, 2))
    assert found is not None
    owner, tasks = found
    assert owner == person.full_name
    assert [t.title for t in tasks] == ["Báo cáo thu ngân sách quý I năm 2026"], "a draft is not in the feed"
    assert selectors.deadline_feed("unit", 10**9, today=dt.date(2026, 3, 2)) is None
    assert world.client_for(None).get(f"/tasks/calendar/{feed_token('person', 10**9)}.ics").status_code == 404
