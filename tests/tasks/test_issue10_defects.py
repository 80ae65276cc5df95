"""The task defects users hit (issue 10): each pinned by a test that failed before its fix."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import World
from tests.council.test_council import _answered_with_commitment, council  # noqa: F401 - the fixture
from thucthi.accounts.services import token_create
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import selectors as council_selectors
from thucthi.council.models import Delegate, Session
from thucthi.council.services import session_create
from thucthi.orgs.models import Person
from thucthi.tasks import services
from thucthi.tasks.models import DeadlineKind, EventKind, ProgressReport, Recurrence, State, Task
from thucthi.tasks.selectors import published_progress_notes
from thucthi.web.tasks.forms import TaskForm

DAY = dt.date(2026, 11, 2)


def _pk(person: Person | None) -> int:
    assert person is not None
    return person.pk


def _received(world: World, **fields: Any) -> Task:
    with clock.frozen(DAY):
        task = services.task_create(
            actor=world.committee_office,
            title="Báo cáo biên chế các ban quản lý dự án",
            issuer=world.committee,
            lead_unit=world.finance,
            responsible=world.officer.person,
            accepting_unit=world.committee,
            expected_product="Báo cáo",
            deadline=dt.date(2026, 12, 31),
            issue=True,
            **fields,
        )
        return services.task_receive(actor=world.officer, task=task)


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Biên chế"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- attachments: checked by content, opened by whoever may see the task -------------------------


def test_it_refuses_a_text_file_renamed_xlsx_next_to_the_field_and_saves_nothing(world: World) -> None:
    task = _received(world)
    fake = SimpleUploadedFile(
        "bao-cao.xlsx", b"day chi la van ban, khong phai bang tinh\n", content_type="application/vnd.ms-excel"
    )
    response = world.client_for(world.officer).post(
        f"/tasks/{task.pk}/act/progress/", {"percent": "30", "narrative": "Đã rà soát 3/10 ban", "attachment": fake}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "không phải tệp XLSX thật" in page and 'class="field-error"' in page
    assert "Đã rà soát 3/10 ban" in page  # what was typed is kept
    assert task.progress_reports.count() == 0


def test_the_service_refuses_it_too_whoever_calls(world: World) -> None:
    task = _received(world)
    with pytest.raises(DomainError, match="không phải tệp XLSX") as refused:
        services.progress_submit(
            actor=world.officer,
            task=task,
            percent=30,
            narrative="Đã rà soát",
            attachment=SimpleUploadedFile("x.xlsx", b"PK\x03\x04not really a zip"),
        )
    assert refused.value.field == "attachment"
    assert task.progress_reports.count() == 0


def test_it_refuses_a_file_over_the_configured_size(world: World, settings: Any) -> None:
    settings.TASK_ATTACHMENT_MAX_MB = 1
    task = _received(world)
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    response = world.client_for(world.officer).post(
        f"/tasks/{task.pk}/act/progress/", {"percent": "30", "narrative": "x", "attachment": big}
    )
    assert "Tệp quá lớn: tối đa 1 MB." in response.content.decode()
    assert task.progress_reports.count() == 0


def test_the_unit_head_opens_a_real_workbook_as_a_download(world: World) -> None:
    task = _received(world)
    response = world.client_for(world.officer).post(
        f"/tasks/{task.pk}/act/progress/",
        {"percent": "30", "narrative": "Bảng biên chế kèm theo", "attachment": SimpleUploadedFile("bien-che.xlsx", _xlsx())},
    )
    assert response.status_code == 302
    report = task.progress_reports.get()
    assert report.attachment

    page = world.client_for(world.head).get(f"/tasks/{task.pk}/").content.decode()
    url = f"/tasks/{task.pk}/reports/{report.pk}/attachment"
    assert url in page

    download = world.client_for(world.head).get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    with report.attachment.open("rb") as stored:
        assert b"".join(download.streaming_content) == stored.read()  # type: ignore[attr-defined]

    # The committee office, which issued the task, opens it too; another unit's head does not see the task.
    assert world.client_for(world.committee_office).get(url).status_code == 200
    assert world.client_for(world.other_head).get(url).status_code == 404
    assert world.client_for(None).get(url).status_code == 302  # to the login page
    assert world.client_for(world.head).get(f"/tasks/{task.pk}/reports/{(report.pk or 0) + 99}/attachment").status_code == 404


# --- a returned report is "Trả lại", not "Duyệt" ----------------------------------------------


def test_a_returned_report_is_logged_as_returned(world: World) -> None:
    task = _received(world)
    report = services.progress_submit(actor=world.officer, task=task, percent=30, narrative="Đã rà soát")
    services.progress_review(actor=world.head, report=report, approve=False, note="Bổ sung số liệu")
    event = task.events.order_by("-id").first()
    assert event is not None and event.kind == EventKind.PROGRESS_RETURNED
    assert event.get_kind_display() == "Trả lại báo cáo tiến độ" and event.note == "30%: Bổ sung số liệu"
    assert AuditRecord.objects.filter(action="tasks.progress.return", object_id=str(report.pk)).exists()
    page = world.client_for(world.head).get(f"/tasks/{task.pk}/").content.decode()
    assert "Trả lại báo cáo tiến độ" in page and "Duyệt báo cáo tiến độ" not in page


# --- a returned task goes to another unit ------------------------------------------------------


def _returned(world: World) -> Task:
    with clock.frozen(DAY):
        task = services.task_create(
            actor=world.committee_office,
            title="Kiểm tra an toàn thực phẩm bếp ăn tập thể",
            issuer=world.committee,
            lead_unit=world.finance,
            responsible=world.officer.person,
            accepting_unit=world.committee,
            expected_product="Báo cáo kết quả kiểm tra",
            deadline=dt.date(2026, 12, 31),
            issue=True,
        )
    with clock.frozen(DAY + dt.timedelta(days=1)):
        return services.task_return(actor=world.officer, task=task, reason="Thuộc chức năng của Sở Y tế")


def _api(world: World) -> Client:
    secret = token_create(actor=world.committee_office, user=world.committee_office, name="thử")
    return Client(headers={"authorization": f"Bearer {secret}"})


def test_patch_lead_unit_gives_a_returned_task_to_another_unit(world: World) -> None:
    task = _returned(world)
    client = _api(world)
    body = {
        "version": task.version,
        "lead_unit": world.health.pk,
        "responsible": _pk(world.other_head.person),
        "reason": "Đơn vị trả lại đúng: thuộc chức năng ngành y tế",
    }
    response = client.patch(f"/api/v1/tasks/{task.pk}", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["lead_unit"]["id"] == world.health.pk and data["state"] == State.ISSUED and data["issued_on"] == "2026-11-24"
    reissued = data["events"][-1]
    assert (
        reissued["kind"] == EventKind.ISSUED
        and "Sở Y tế" in reissued["note"]
        and "thuộc chức năng ngành y tế" in reissued["note"]
    )
    assert AuditRecord.objects.filter(action="tasks.task.update", object_id=str(task.pk)).exists()


def test_patch_lead_unit_without_a_reason_or_a_person_of_that_unit_is_refused_not_ignored(world: World) -> None:
    task = _returned(world)
    client = _api(world)
    no_reason = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"version": task.version, "lead_unit": world.health.pk}),
        content_type="application/json",
    )
    assert no_reason.status_code == 422 and "lý do" in no_reason.content.decode()
    wrong_person = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"version": task.version, "lead_unit": world.health.pk, "reason": "Đúng chức năng"}),
        content_type="application/json",
    )
    assert wrong_person.status_code == 422 and "người chịu trách nhiệm" in wrong_person.content.decode()
    unknown = client.patch(
        f"/api/v1/tasks/{task.pk}",
        json.dumps({"version": task.version, "chu_tri": world.health.pk}),
        content_type="application/json",
    )
    assert unknown.status_code == 422
    task.refresh_from_db()
    assert (task.lead_unit_id, task.state) == (world.finance.pk, State.RETURNED)


def test_the_committee_office_gives_a_returned_task_to_another_unit_in_the_browser(world: World) -> None:
    task = _returned(world)
    client = world.client_for(world.committee_office)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Giao lại cho đơn vị khác" in page

    refused = client.post(
        f"/tasks/{task.pk}/act/reassign/",
        {"lead_unit": world.health.pk, "responsible": _pk(world.other_head.person), "reason": " "},
    )
    assert refused.status_code == 200
    assert "Cần nêu lý do giao lại cho đơn vị khác." in refused.content.decode()
    task.refresh_from_db()
    assert task.lead_unit_id == world.finance.pk

    done = client.post(
        f"/tasks/{task.pk}/act/reassign/",
        {"lead_unit": world.health.pk, "responsible": _pk(world.other_head.person), "reason": "Thuộc chức năng ngành y tế"},
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.lead_unit_id, task.responsible_id, task.state) == (world.health.pk, _pk(world.other_head.person), State.ISSUED)
    # The unit that sent it back no longer offers it; the new one finds it to receive.
    assert world.client_for(world.other_head).get(f"/tasks/{task.pk}/").status_code == 200


def test_the_unit_that_returned_it_cannot_reassign_it(world: World) -> None:
    task = _returned(world)
    response = world.client_for(world.head).post(
        f"/tasks/{task.pk}/act/reassign/",
        {"lead_unit": world.health.pk, "responsible": _pk(world.other_head.person), "reason": "x"},
    )
    assert response.status_code in (302, 403)
    task.refresh_from_db()
    assert task.lead_unit_id == world.finance.pk


# --- recurring deadlines ----------------------------------------------------------------------


def test_a_recurring_task_is_issued_from_the_form_with_its_cycle(world: World) -> None:
    response = world.client_for(world.committee_office).post(
        "/tasks/new/",
        {
            "title": "Báo cáo tình hình giải ngân vốn đầu tư công",
            "issuer": world.committee.pk,
            "lead_unit": world.finance.pk,
            "responsible": _pk(world.officer.person),
            "accepting_unit": world.committee.pk,
            "expected_product": "Báo cáo",
            "deadline_kind": DeadlineKind.RECURRING,
            "deadline": "31/12/2026",
            "recurrence": Recurrence.QUARTERLY,
            "recurrence_until": "31/12/2027",
            "submit": "issue",
        },
    )
    assert response.status_code == 302, response.content.decode()
    task = Task.objects.get(title="Báo cáo tình hình giải ngân vốn đầu tư công")
    assert (task.state, task.recurrence, task.recurrence_until) == (State.ISSUED, Recurrence.QUARTERLY, dt.date(2027, 12, 31))
    page = world.client_for(world.committee_office).get(f"/tasks/{task.pk}/").content.decode()
    assert "Hằng quý" in page


def test_a_recurring_task_without_a_cycle_is_refused_next_to_the_field(world: World) -> None:
    response = world.client_for(world.committee_office).post(
        "/tasks/new/",
        {
            "title": "Báo cáo tình hình giải ngân vốn đầu tư công",
            "issuer": world.committee.pk,
            "lead_unit": world.finance.pk,
            "responsible": _pk(world.officer.person),
            "accepting_unit": world.committee.pk,
            "expected_product": "Báo cáo",
            "deadline_kind": DeadlineKind.RECURRING,
            "deadline": "31/12/2026",
            "submit": "issue",
        },
    )
    assert response.status_code == 200
    assert "Nhiệm vụ định kỳ cần chọn chu kỳ." in response.content.decode()
    assert not Task.objects.exists()


def test_the_api_issues_a_recurring_task(world: World) -> None:
    body = {
        "title": "Báo cáo tình hình giải ngân vốn đầu tư công",
        "issuer": world.committee.pk,
        "lead_unit": world.finance.pk,
        "responsible": _pk(world.officer.person),
        "accepting_unit": world.committee.pk,
        "expected_product": "Báo cáo",
        "deadline_kind": "recurring",
        "deadline": "2026-12-31",
        "recurrence": "monthly",
        "issue": True,
    }
    response = _api(world).post("/api/v1/tasks", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["state"], response.json()["recurrence"]) == ("issued", "monthly")


# --- the responsible person is someone of the lead unit ----------------------------------------


def test_the_responsible_list_offers_unit_staff_not_office_clerks(world: World) -> None:
    form = TaskForm(user=world.committee_office, today=clock.today())
    people = set(form.fields["responsible"].queryset)  # type: ignore[attr-defined]
    assert world.officer.person in people and world.head.person in people
    assert world.committee_office.person not in people and world.council_office.person not in people
    # Grouped by the unit each serves in, so a long list is read unit by unit.
    html = str(form["responsible"])
    assert '<optgroup label="Sở Tài chính tỉnh Thử Nghiệm">' in html and '<optgroup label="Sở Y tế tỉnh Thử Nghiệm">' in html


def test_a_responsible_person_of_another_unit_is_refused_next_to_the_field(world: World) -> None:
    response = world.client_for(world.committee_office).post(
        "/tasks/new/",
        {
            "title": "Báo cáo biên chế các ban quản lý dự án",
            "issuer": world.committee.pk,
            "lead_unit": world.finance.pk,
            "responsible": _pk(world.other_head.person),
            "accepting_unit": world.committee.pk,
            "expected_product": "Báo cáo",
            "deadline_kind": DeadlineKind.DATE,
            "deadline": "31/12/2026",
            "submit": "issue",
        },
    )
    assert "Người chịu trách nhiệm phải là người của cơ quan chủ trì." in response.content.decode()
    assert not Task.objects.exists()


def test_an_edit_keeps_the_person_a_task_already_names(world: World) -> None:
    outsider = Person.objects.create(full_name="Lãnh đạo Sở Tài chính (mẫu)")  # named by an import, no post recorded
    task = _received(world)
    Task.objects.filter(pk=task.pk).update(state=State.ISSUED, responsible=outsider)
    task.refresh_from_db()
    client = world.client_for(world.committee_office)
    page = client.get(f"/tasks/{task.pk}/edit/").content.decode()
    select = page[page.index('name="responsible"') :]
    select = select[: select.index("</select>")]
    assert "Lãnh đạo Sở Tài chính (mẫu)" in select and "Dung" in select
    assert "Chau" not in select and "Binh" not in select and "Khanh" not in select
    response = client.post(
        f"/tasks/{task.pk}/edit/",
        {
            "version": task.version,
            "title": task.title,
            "responsible": outsider.pk,
            "accepting_unit": world.committee.pk,
            "expected_product": "Báo cáo và danh sách",
            "deadline_kind": DeadlineKind.DATE,
            "deadline": "31/12/2026",
        },
    )
    assert response.status_code == 302, response.content.decode()
    task.refresh_from_db()
    assert (task.responsible, task.expected_product) == (outsider, "Báo cáo và danh sách")


# --- edits are in the task's history -------------------------------------------------------------


def test_an_edit_is_written_to_the_history_with_what_changed(world: World) -> None:
    with clock.frozen(DAY):
        task = services.task_create(
            actor=world.committee_office,
            title="Báo cáo biên chế các ban quản lý dự án",
            issuer=world.committee,
            lead_unit=world.finance,
            responsible=world.officer.person,
            accepting_unit=world.committee,
            expected_product="Báo cáo",
            deadline=dt.date(2026, 11, 30),
            issue=True,
        )
        task = services.task_update(
            actor=world.committee_office,
            task=task,
            expected_version=task.version,
            deadline=dt.date(2026, 12, 15),
            expected_product="Báo cáo và danh sách",
        )
    event = task.events.filter(kind=EventKind.UPDATED).get()
    assert event.note == "Thời hạn: 30/11/2026 → 15/12/2026; Sản phẩm: Báo cáo → Báo cáo và danh sách"
    assert event.actor == world.committee_office
    page = world.client_for(world.head).get(f"/tasks/{task.pk}/").content.decode()
    assert "Sửa nhiệm vụ" in page and "30/11/2026 → 15/12/2026" in page


def test_an_edit_that_changes_nothing_writes_no_event(world: World) -> None:
    task = _received(world)
    task.state = State.ISSUED
    task.save(update_fields=["state"])
    services.task_update(actor=world.committee_office, task=task, expected_version=task.version, title=task.title)
    assert not task.events.filter(kind=EventKind.UPDATED).exists()


# --- what the public reads of a commitment's progress ------------------------------------------


def test_the_public_follow_up_shows_only_approved_notes_and_their_text(
    world: World,
    council: tuple[Session, list[Delegate]],  # noqa: F811 - the fixture
) -> None:
    session, delegates = council
    director = Person.objects.create(full_name="Giám đốc Sở Tài chính (mẫu)")
    answer = _answered_with_commitment(
        world,
        session,
        delegates[0],
        director,
        text="Vì sao giải ngân chậm?",
        commitment="Tham mưu điều chuyển vốn của các dự án chậm giải ngân",
    )
    task_id = answer.commitments.get().task_id
    assert task_id is not None
    task = Task.objects.get(pk=task_id)
    later = session_create(actor=None, term=session.term, number=4, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 9))
    services.task_receive(actor=None, task=task)
    report = services.progress_submit(actor=None, task=task, percent=50, narrative="Đã rà soát 12 dự án chậm giải ngân")

    (row,) = council_selectors.commitments_follow_up(later, today=clock.today())
    assert row.evidence == ""  # not yet approved: nothing to publish
    page = Client().get(f"/sessions/{later.pk}/").content.decode()
    assert "Tham mưu điều chuyển vốn" in page and "Đã rà soát 12 dự án" not in page

    services.progress_review(actor=None, report=report, approve=True)
    (row,) = council_selectors.commitments_follow_up(later, today=clock.today())
    assert row.evidence == "Đã rà soát 12 dự án chậm giải ngân"
    page = Client().get(f"/sessions/{later.pk}/").content.decode()
    assert "Đã rà soát 12 dự án chậm giải ngân" in page and "Đã duyệt" not in page

    newer = services.progress_submit(actor=None, task=task, percent=80, narrative="Bản nháp chưa duyệt")
    services.progress_review(actor=None, report=newer, approve=False, note="Chưa đủ số liệu")
    assert published_progress_notes([task.pk]) == {task.pk: "Đã rà soát 12 dự án chậm giải ngân"}
    assert ProgressReport.objects.filter(task=task).count() == 2


def test_a_report_on_a_task_no_longer_received_is_refused_at_the_top_of_the_page(world: World) -> None:
    task = _received(world)
    services.completion_request(actor=world.officer, task=task, note="Báo cáo số 5/BC-STC")
    response = world.client_for(world.officer).post(
        f"/tasks/{task.pk}/act/progress/", {"percent": "90", "narrative": "Bổ sung"}, follow=True
    )
    assert "Chỉ báo cáo tiến độ cho nhiệm vụ đã tiếp nhận" in response.content.decode()
    assert task.progress_reports.count() == 0


def test_someone_who_may_read_a_task_but_do_nothing_with_it_is_told_so(world: World) -> None:
    """Walked in the browser: a coordinating unit that had answered found an empty "Thao tác"."""
    task = services.task_create(
        actor=world.committee_office, title="Rà soát dự toán (mẫu)", issuer=world.committee, lead_unit=world.finance,
        responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo", deadline=dt.date(2026, 12, 31),
        issue=True,
    )
    reader = world.client_for(world.council_office).get(f"/tasks/{task.pk}/")
    assert reader.status_code == 200 and "Bạn không có việc cần làm với nhiệm vụ này lúc này." in reader.content.decode()
    officer = world.client_for(world.officer).get(f"/tasks/{task.pk}/").content.decode()
    assert "Bạn không có việc cần làm" not in officer and "Tiếp nhận" in officer
