"""Votes, the passing rule, questioning and commitments followed to the end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from thucthi.accounts.policy import PermissionDenied, may_record_commitment_task
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import questioning, selectors
from thucthi.council.models import (
    Answer,
    AnswerMode,
    Attendance,
    Delegate,
    Question,
    QuestionState,
    Session,
    SessionState,
    Sitting,
    Term,
    VoteChoice,
    VoteEvent,
)
from thucthi.council.services import (
    attendance_record,
    delegate_add,
    resolution_create,
    session_create,
    session_reopen,
    session_set_state,
    sitting_add,
    term_create,
    vote_record_electronic,
    vote_record_tally,
)
from thucthi.orgs.loader import UnitSpec, units_load
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.tasks.models import State, Task
from thucthi.tasks.selectors import inbox

DAY = dt.date(2026, 7, 14)


@pytest.fixture
def council(world: World) -> tuple[Session, list[Delegate]]:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1))
    delegates = [delegate_add(actor=None, term=term, person=Person.objects.create(full_name=f"Đại biểu {i:02d}"), elected_on=dt.date(2026, 3, 15))
                 for i in range(10)]
    return session_set_state(actor=None, session=session, state=SessionState.OPEN), delegates


def test_it_needs_more_than_half_of_all_delegates_not_of_those_present(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    # 10 delegates; 6 present; 5 agree, 1 disagrees, 4 absent: a majority of those present, not of all.
    choices = {d.pk: VoteChoice.YES for d in delegates[:5]} | {delegates[5].pk: VoteChoice.NO}
    event = vote_record_electronic(actor=world.council_office, session=session, motion="Thông qua Nghị quyết về …", day=DAY, choices=choices)
    assert (event.yes, event.no, event.abstain, event.absent, event.total_delegates) == (5, 1, 0, 4, 10)
    assert event.passed is False
    assert event.votes.filter(choice=VoteChoice.ABSENT).count() == 4
    six = vote_record_electronic(actor=world.council_office, session=session, motion="Thông qua Nghị quyết khác", day=DAY,
                                 choices={d.pk: VoteChoice.YES for d in delegates[:6]})
    assert six.passed is True and six.threshold == 6


def test_it_counts_delegates_in_office_on_the_day(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    Delegate.objects.filter(pk=delegates[0].pk).update(left_on=dt.date(2026, 7, 1), left_reason="Chuyển công tác")
    event = vote_record_tally(actor=world.council_office, session=session, motion="Biểu quyết", day=DAY, yes=5, no=2, abstain=1, absent=1)
    assert event.total_delegates == 9 and event.passed is True  # 5 of 9 is more than half


def test_it_refuses_a_tally_that_does_not_add_up_or_exceeds_the_council(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    before = (VoteEvent.objects.count(), AuditRecord.objects.count())
    with pytest.raises(DomainError, match="Kết quả không khớp"):
        vote_record_tally(actor=world.council_office, session=session, motion="Biểu quyết", day=DAY, yes=5, no=1, abstain=0, absent=1)
    with pytest.raises(DomainError, match="lớn hơn tổng số đại biểu"):
        vote_record_tally(actor=world.council_office, session=session, motion="Biểu quyết", day=DAY, yes=9, no=2, abstain=0, absent=0)
    assert (VoteEvent.objects.count(), AuditRecord.objects.count()) == before


def test_it_refuses_voting_in_a_closed_session(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    session_set_state(actor=None, session=session, state=SessionState.CLOSED)
    with pytest.raises(DomainError, match="không đang diễn ra"):
        vote_record_tally(actor=world.council_office, session=session, motion="Biểu quyết", day=DAY, yes=6, no=2, abstain=1, absent=1)


def test_only_the_secretariat_records_votes(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    for user in (world.delegate, world.committee_office, world.head):
        with pytest.raises(PermissionDenied):
            vote_record_tally(actor=user, session=session, motion="Biểu quyết", day=DAY, yes=6, no=2, abstain=1, absent=1)


def test_it_links_a_resolution_to_the_vote_that_passed_it_once(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    resolution = resolution_create(actor=None, council=world.council, number="15/NQ-HĐND", adopted_on=DAY, title="Nghị quyết về …", session=session)
    vote_record_tally(actor=None, session=session, motion="Thông qua", day=DAY, yes=8, no=1, abstain=1, absent=0, resolution=resolution)
    with pytest.raises(DomainError, match="đã có kết quả"):
        vote_record_tally(actor=None, session=session, motion="Thông qua", day=DAY, yes=8, no=1, abstain=1, absent=0, resolution=resolution)
    with pytest.raises(DomainError, match="đã được dùng"):
        resolution_create(actor=None, council=world.council, number="15/NQ-HĐND", adopted_on=DAY, title="Trùng số", session=session)


def _answered_with_commitment(world: World, session: Session, asker: Delegate, respondent: Person, *, text: str, commitment: str,
                              topic: str = "") -> Answer:
    """A question put to `respondent` and answered at the office's hand with one commitment to the
    Department of Finance, due 30/09/2026."""
    with clock.frozen(DAY):
        question = questioning.question_register(
            actor=None, session=session, asker=asker, respondent=respondent, respondent_title="Giám đốc Sở Tài chính",
            respondent_unit=world.finance, text=text, topic=topic,
        )
        return questioning.answer_record(
            actor=world.council_office, question=question, mode=AnswerMode.ORAL, text="Sở sẽ tham mưu điều chuyển vốn …", answered_on=DAY,
            commitments=[questioning.CommitmentInput(commitment, dt.date(2026, 9, 30), world.finance)],
        )


def test_a_commitment_becomes_a_task_in_the_lead_units_inbox_and_comes_back_at_the_next_session(
    world: World, council: tuple[Session, list[Delegate]]
) -> None:
    session, delegates = council
    director = Person.objects.create(full_name="Giám đốc Sở Tài chính (mẫu)")
    answer = _answered_with_commitment(world, session, delegates[0], director, topic="Đầu tư công",
                                       text="Vì sao tỷ lệ giải ngân vốn đầu tư công 6 tháng đầu năm chỉ đạt 30%?",
                                       commitment="Tham mưu điều chuyển vốn của các dự án chậm giải ngân")
    commitment = answer.commitments.get()
    assert commitment.task_id is not None
    task = Task.objects.get(pk=commitment.task_id)
    assert task.source == commitment and task.state == State.ISSUED and task.responsible == director
    assert task.deadline == dt.date(2026, 9, 30) and task.lead_unit == world.finance
    assert task.issuer == world.council  # the council's Standing Committee if it has one, else the council
    assert inbox(world.officer, today=dt.date(2026, 8, 1)).filter(pk=task.pk).exists()

    later = session_create(actor=None, term=session.term, number=4, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 9))
    rows = selectors.commitments_follow_up(later, today=dt.date(2026, 12, 1))
    assert [(r.commitment.pk, r.status) for r in rows] == [(commitment.pk, "overdue")]
    assert selectors.commitments_follow_up(session, today=dt.date(2026, 12, 1)) == []


def test_a_delegate_registers_only_their_own_questions(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    assert world.delegate.person is not None
    mine = Delegate.objects.create(term=session.term, person=world.delegate.person, elected_on=dt.date(2026, 3, 15))
    respondent = Person.objects.create(full_name="Giám đốc Sở Y tế (mẫu)")
    questioning.question_register(actor=world.delegate, session=session, asker=mine, respondent=respondent, respondent_title="Giám đốc Sở Y tế",
                                  respondent_unit=world.health, text="Giải pháp khắc phục tình trạng thiếu thuốc tại bệnh viện tuyến xã?")
    with pytest.raises(PermissionDenied):
        questioning.question_register(actor=world.delegate, session=session, asker=delegates[3], respondent=respondent,
                                      respondent_title="Giám đốc Sở Y tế", respondent_unit=world.health,
                                      text="Câu hỏi đứng tên đại biểu khác, không được phép")


def test_it_refuses_questions_after_the_session_closed(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    session_set_state(actor=None, session=session, state=SessionState.CLOSED)
    with pytest.raises(DomainError, match="đã bế mạc"):
        questioning.question_register(actor=None, session=session, asker=delegates[0], respondent=Person.objects.create(full_name="X"),
                                      respondent_title="Giám đốc", respondent_unit=world.finance, text="Một câu hỏi đủ dài để đăng ký chất vấn")


def test_the_term_needs_delegates_or_a_total_to_count_votes(world: World) -> None:
    term = Term.objects.create(council=world.council, number=9, start_year=1990, end_year=1994)
    session = Session.objects.create(term=term, number=1, start=DAY, end=DAY, state=SessionState.OPEN)
    with pytest.raises(DomainError, match="Chưa có danh sách đại biểu"):
        vote_record_tally(actor=None, session=session, motion="Biểu quyết", day=DAY, yes=1, no=0, abstain=0, absent=0)


def test_it_publishes_votes_and_memberships_as_open_data(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    vote_record_electronic(actor=None, session=session, motion="Thông qua", day=DAY, choices={d.pk: VoteChoice.YES for d in delegates[:7]})
    client = world.client_for(None)
    events = client.get("/opendata/vote_events.json").json()
    assert events[0]["result"] == "pass" and events[0]["yes"] == 7 and events[0]["absent"] == 3
    csv_body = b"".join(client.get("/opendata/votes.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(csv_body)))
    assert len(rows) == 10 and {r["option"] for r in rows} == {"yes", "absent"}
    members = client.get("/opendata/memberships.json").json()
    assert len(members) == 10 and members[0]["organization"] == "Hội đồng nhân dân tỉnh Thử Nghiệm"
    assert client.get("/opendata/secrets.json").status_code == 404


def test_it_records_sittings_and_who_attended(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    with pytest.raises(DomainError, match="trong thời gian kỳ họp"):
        sitting_add(actor=world.council_office, session=session, day=DAY + dt.timedelta(days=5), title="Phiên khai mạc")
    sitting = sitting_add(actor=world.council_office, session=session, day=DAY, title="Phiên khai mạc")
    assert attendance_record(actor=world.council_office, sitting=sitting, present={d.pk for d in delegates[:8]}) == 8
    assert Attendance.objects.filter(sitting=sitting).count() == 10 and Attendance.objects.filter(sitting=sitting, present=False).count() == 2
    attendance_record(actor=world.council_office, sitting=sitting, present={d.pk for d in delegates[:9]})
    assert Attendance.objects.filter(sitting=sitting, present=True).count() == 9, "recording again updates, never duplicates"
    with pytest.raises(DomainError, match="không phải đại biểu"):
        attendance_record(actor=None, sitting=sitting, present={999999})
    with pytest.raises(PermissionDenied):
        attendance_record(actor=world.delegate, sitting=sitting, present=set())


def test_the_secretariat_schedules_questions_and_takes_attendance_on_the_page(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    client = world.client_for(world.council_office)
    page = client.post(f"/sessions/{session.pk}/act/sitting/", {"sitting-title": "Phiên chất vấn", "sitting-day": "14/07/2026",
                                                                   "sitting-is_questioning": "on"}, follow=True).content.decode()
    assert "Đã thêm phiên họp." in page
    sitting = Sitting.objects.get(session=session)
    question = questioning.question_register(actor=None, session=session, asker=delegates[0], respondent=Person.objects.create(full_name="GĐ Sở"),
                                             respondent_title="Giám đốc Sở Tài chính", respondent_unit=world.finance,
                                             text="Giải pháp tăng thu ngân sách trong 6 tháng cuối năm là gì?")
    response = client.post(f"/sessions/{session.pk}/act/schedule/", {"question": question.pk, "sitting": sitting.pk, "order": "2"}, follow=True)
    assert "Đã xếp lịch trả lời câu hỏi." in response.content.decode()
    question.refresh_from_db()
    assert (question.state, question.sitting_id, question.order) == (QuestionState.SCHEDULED, sitting.pk, 2)
    bad = client.post(f"/sessions/{session.pk}/act/schedule/", {"question": question.pk, "sitting": sitting.pk, "order": "x"}, follow=True)
    assert "Thứ tự trả lời phải là số" in bad.content.decode()
    present = [d.pk for d in delegates[:7]]
    done = client.post(f"/sessions/{session.pk}/act/attendance/", {"sitting": sitting.pk, "present": present}, follow=True).content.decode()
    assert "Đã ghi điểm danh: 7 đại biểu có mặt." in done and "7/10 đại biểu có mặt" in done
    assert Question.objects.get(pk=question.pk).state == QuestionState.SCHEDULED


def test_it_publishes_questions_and_commitments_as_open_data(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    with clock.frozen(DAY):
        question = questioning.question_register(actor=None, session=session, asker=delegates[1], respondent=Person.objects.create(full_name="GĐ"),
                                                 respondent_title="Giám đốc Sở Tài chính", respondent_unit=world.finance,
                                                 text="Tiến độ giải ngân vốn đầu tư công đến nay ra sao?")
    questioning.answer_record(actor=None, question=question, mode=AnswerMode.WRITTEN, text="Đạt 45%", answered_on=DAY,
                              commitments=[questioning.CommitmentInput("Giải ngân hết vốn trước 31/01", dt.date(2027, 1, 31), world.finance)])
    client = world.client_for(None)
    rows = client.get("/opendata/questions.json").json()
    assert rows[0]["state"] == "answered" and rows[0]["answer_mode"] == "written"
    promised = client.get("/opendata/commitments.json").json()
    assert promised[0]["due_on"] == "2027-01-31" and promised[0]["task_state"] == "issued"


def test_a_delegate_asks_again_a_question_of_an_earlier_session(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    with clock.frozen(DAY):
        first = questioning.question_register(actor=None, session=session, asker=delegates[0], respondent=Person.objects.create(full_name="GĐ"),
                                              respondent_title="Giám đốc Sở Tài chính", respondent_unit=world.finance,
                                              text="Vì sao giải ngân vốn đầu tư công chậm trong 6 tháng đầu năm?")
    later = session_create(actor=None, term=session.term, number=4, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 9))
    later = session_set_state(actor=None, session=later, state=SessionState.OPEN)
    mine = Delegate.objects.create(term=session.term, person=world.delegate.person, elected_on=dt.date(2026, 3, 15))  # type: ignore[misc]
    client = world.client_for(world.delegate)
    response = client.post(f"/sessions/{later.pk}/act/question/", {
        "question-respondent_unit": world.finance.pk, "question-respondent_name": "Giám đốc Sở Tài chính (mẫu)",
        "question-respondent_title": "Giám đốc Sở Tài chính", "question-text": "Cam kết giải ngân đã thực hiện đến đâu, vì sao còn chậm?",
        "question-follow_up_of": first.pk,
    }, follow=True)
    assert "Đã đăng ký câu hỏi chất vấn." in response.content.decode()
    again = later.questions.get()
    assert again.follow_up_of == first and again.asker == mine
    assert "Hỏi lại câu hỏi tại" in client.get(f"/sessions/{later.pk}/").content.decode()


def test_the_secretariat_records_an_electronic_vote_on_the_page(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    client = world.client_for(world.council_office)
    marks = {f"choice-{d.pk}": "yes" for d in delegates[:5]} | {f"choice-{delegates[5].pk}": "no"}
    response = client.post(f"/sessions/{session.pk}/act/electronic/", {"motion": "Thông qua Nghị quyết về …", "day": "14/07/2026", **marks},
                           follow=True)
    page = response.content.decode()
    assert "Đã ghi biểu quyết điện tử: KHÔNG THÔNG QUA (5/10 đại biểu tán thành)." in page, "5 of 10 is not more than half"
    event = VoteEvent.objects.get()
    assert event.votes.filter(choice=VoteChoice.ABSENT).count() == 4
    bad = client.post(f"/sessions/{session.pk}/act/electronic/", {"motion": "Khác", "day": "31/02/2026"}, follow=True)
    assert "Ngày biểu quyết không hợp lệ" in bad.content.decode()
    assert VoteEvent.objects.count() == 1


def test_it_drafts_the_questioning_resolution_from_the_commitments(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    with clock.frozen(DAY):
        question = questioning.question_register(actor=None, session=session, asker=delegates[2], respondent=Person.objects.create(full_name="Nguyễn Văn A (mẫu)"),
                                                 respondent_title="Giám đốc Sở Tài chính", respondent_unit=world.finance,
                                                 text="Giải pháp giải ngân vốn đầu tư công các tháng cuối năm?")
    questioning.answer_record(actor=None, question=question, mode=AnswerMode.ORAL, text="…", answered_on=DAY,
                              commitments=[questioning.CommitmentInput("Giải ngân 100% kế hoạch vốn", dt.date(2027, 1, 31), world.finance)])
    page = world.client_for(world.council_office).get(f"/sessions/{session.pk}/questioning-resolution/").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Về hoạt động chất vấn tại Kỳ họp thứ 3" in page
    assert "Giám đốc Sở Tài chính" in page and "Giải ngân 100% kế hoạch vốn; thời hạn hoàn thành: 31/01/2027." in page
    assert "DỰ THẢO" in page


@pytest.mark.django_db
def test_a_council_office_records_only_for_its_own_provinces_council(world: World) -> None:
    units_load(actor=None, dataset="test-neighbour", units=[
        UnitSpec(code="P98", kind=UnitKind.PROVINCE, name="Tỉnh Bên Cạnh"),
        UnitSpec(code="HDND:P98", kind=UnitKind.PEOPLES_COUNCIL, name="Hội đồng nhân dân tỉnh Bên Cạnh", parent="P98"),
    ], links=[])
    neighbour = Unit.objects.get(code="HDND:P98")
    with pytest.raises(PermissionDenied):
        term_create(actor=world.council_office, council=neighbour, number=16, start_year=2021, end_year=2026)
    term = term_create(actor=world.admin, council=neighbour, number=16, start_year=2021, end_year=2026)
    with pytest.raises(PermissionDenied):
        session_create(actor=world.council_office, term=term, number=1, start=dt.date(2021, 6, 1), end=dt.date(2021, 6, 2))
    own = term_create(actor=world.council_office, council=world.council, number=17, start_year=2026, end_year=2031)
    assert session_create(actor=world.council_office, term=own, number=1, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 2)).pk


# --- The session's states, true actors, one atomic question -------------------------------------


def test_a_session_moves_planned_open_closed_and_reopens_only_with_a_reason(world: World) -> None:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=world.council_office, term=term, number=5, start=DAY, end=DAY)
    assert session.state == SessionState.PLANNED
    with pytest.raises(DomainError, match="chưa khai mạc"):
        session_set_state(actor=world.council_office, session=session, state=SessionState.CLOSED)
    session = session_set_state(actor=world.council_office, session=session, state=SessionState.OPEN)
    with pytest.raises(DomainError, match="đang họp"):
        session_set_state(actor=world.council_office, session=session, state=SessionState.OPEN)
    session = session_set_state(actor=world.council_office, session=session, state=SessionState.CLOSED)
    with pytest.raises(DomainError, match="mở lại kỳ họp và ghi rõ lý do"):
        session_set_state(actor=world.council_office, session=session, state=SessionState.OPEN)
    with pytest.raises(DomainError, match="lý do"):
        session_reopen(actor=world.council_office, session=session, reason="  sót ")
    with pytest.raises(PermissionDenied):
        session_reopen(actor=world.committee_office, session=session, reason="Ghi bổ sung kết quả biểu quyết bị sót")
    assert Session.objects.get(pk=session.pk).state == SessionState.CLOSED
    session = session_reopen(actor=world.council_office, session=session, reason="Ghi bổ sung kết quả biểu quyết bị sót")
    assert session.state == SessionState.OPEN
    record = AuditRecord.objects.filter(object_type="council.session", object_id=str(session.pk)).order_by("-seq").first()
    assert record is not None and record.action == "council.session.reopen" and record.actor_id == world.council_office.pk
    assert record.before == {"state": "closed"}
    assert record.after == {"state": "open", "reason": "Ghi bổ sung kết quả biểu quyết bị sót"}


def test_the_session_page_offers_only_the_transitions_allowed_now(world: World) -> None:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=5, start=DAY, end=DAY)
    client = world.client_for(world.council_office)
    url = f"/sessions/{session.pk}/"

    def buttons() -> tuple[bool, bool, bool]:
        page = client.get(url).content.decode()
        return ("Khai mạc (mở biểu quyết)" in page, ">Bế mạc</button>" in page, "Mở lại kỳ họp" in page)

    assert buttons() == (True, False, False)
    client.post(f"{url}act/open/", {"confirmed": "1"})
    assert buttons() == (False, True, False)
    client.post(f"{url}act/close/", {"confirmed": "1"})
    assert buttons() == (False, False, True)
    refused = client.post(f"{url}act/open/", {"confirmed": "1"}, follow=True).content.decode()
    assert "mở lại kỳ họp và ghi rõ lý do" in refused
    short = client.post(f"{url}act/reopen/", {"reason": "bị sót"})
    page = short.content.decode()
    # The refusal sits next to the reason field, and the reason stays as typed.
    assert short.status_code == 200 and 'id="reopen-reason-error">Cần ghi lý do mở lại kỳ họp' in page
    assert ">bị sót</textarea>" in page and Session.objects.get(pk=session.pk).state == SessionState.CLOSED
    done = client.post(f"{url}act/reopen/", {"reason": "Ghi bổ sung kết quả biểu quyết bị sót"}, follow=True).content.decode()
    assert "Đã mở lại kỳ họp" in done and Session.objects.get(pk=session.pk).state == SessionState.OPEN
    assert buttons() == (False, True, False)


def test_the_api_changes_a_sessions_state_as_the_page_does(world: World) -> None:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=5, start=DAY, end=DAY)
    client = world.client_for(world.council_office)
    base = f"/api/v1/sessions/{session.pk}"
    assert client.get(base).json()["actions"] == ["open"]
    refused = client.post(f"{base}/close", content_type="application/json")
    assert refused.status_code == 422 and "chưa khai mạc" in refused.json()["detail"]
    assert client.post(f"{base}/open", content_type="application/json").json()["state"] == "open"
    assert client.post(f"{base}/close", content_type="application/json").json()["actions"] == ["reopen"]
    no_reason = client.post(f"{base}/reopen", {"reason": "x"}, content_type="application/json")
    assert no_reason.status_code == 422 and Session.objects.get(pk=session.pk).state == SessionState.CLOSED
    reopened = client.post(f"{base}/reopen", {"reason": "Ghi bổ sung kết quả biểu quyết bị sót"}, content_type="application/json")
    assert reopened.status_code == 200 and reopened.json()["state"] == "open"


def test_a_commitments_task_is_audited_as_the_council_offices_act_not_the_systems(
    world: World, council: tuple[Session, list[Delegate]]
) -> None:
    session, delegates = council
    answer = _answered_with_commitment(world, session, delegates[0], Person.objects.create(full_name="Giám đốc Sở Tài chính (mẫu)"),
                                       text="Vì sao tỷ lệ giải ngân vốn đầu tư công 6 tháng đầu năm chỉ đạt 30%?",
                                       commitment="Tham mưu điều chuyển vốn")
    question = answer.question
    task_id = answer.commitments.get().task_id
    assert task_id is not None
    task = Task.objects.get(pk=task_id)
    records = AuditRecord.objects.filter(object_type="tasks.task", object_id=str(task.pk))
    assert {r.action for r in records} == {"tasks.task.create", "tasks.task.issue"}
    assert {(r.actor_id, r.actor_label) for r in records} == {(world.council_office.pk, world.council_office.get_username())}
    assert task.created_by == world.council_office
    assert task.events.filter(actor=world.council_office).count() == 2
    answered = AuditRecord.objects.get(action="council.question.answered", object_id=str(question.pk))
    assert (answered.before, answered.after) == ({"state": "registered"}, {"state": "answered"})


def test_only_the_councils_own_secretariat_records_a_commitment_task_in_its_name(world: World) -> None:
    assert may_record_commitment_task(world.council_office, world.council.pk, world.council.pk)
    assert may_record_commitment_task(world.admin, world.council.pk, world.council.pk)
    for user in (world.committee_office, world.delegate, world.head):
        assert not may_record_commitment_task(user, world.council.pk, world.council.pk)


def test_a_refused_question_leaves_nothing_behind_not_even_the_new_respondent(
    world: World, council: tuple[Session, list[Delegate]]
) -> None:
    session, delegates = council
    client = world.client_for(world.council_office)
    before = (Person.objects.count(), AuditRecord.objects.count())
    form = {"asker": delegates[0].pk, "question-respondent_unit": world.finance.pk, "question-respondent_name": "Nguyễn Văn Mới (mẫu)",
            "question-respondent_title": "Giám đốc Sở Tài chính", "question-text": "Quá ngắn"}
    response = client.post(f"/sessions/{session.pk}/act/question/", form)
    page = response.content.decode()
    # The refusal sits next to the text, and what was typed is still there.
    assert response.status_code == 200 and 'role="alert">Nội dung chất vấn cần nêu rõ vấn đề (ít nhất 20 ký tự).' in page
    assert "Quá ngắn</textarea>" in page and 'value="Nguyễn Văn Mới (mẫu)"' in page
    assert f'<option value="{delegates[0].pk}" selected>' in page
    assert (Person.objects.count(), AuditRecord.objects.count()) == before
    assert not Person.objects.filter(full_name="Nguyễn Văn Mới (mẫu)").exists()
    form["question-text"] = "Vì sao tỷ lệ giải ngân vốn đầu tư công 6 tháng đầu năm chỉ đạt 30%?"
    assert "Đã đăng ký câu hỏi chất vấn." in client.post(f"/sessions/{session.pk}/act/question/", form, follow=True).content.decode()
    added = AuditRecord.objects.get(action="orgs.person.create", after__full_name="Nguyễn Văn Mới (mẫu)")
    assert added.actor_id == world.council_office.pk  # the office named the respondent, not "system"


def test_the_api_registers_a_question_with_the_same_service(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    assert world.delegate.person is not None
    mine = Delegate.objects.create(term=session.term, person=world.delegate.person, elected_on=dt.date(2026, 3, 15))
    client = world.client_for(world.delegate)
    body = {"respondent_unit": world.health.pk, "respondent_name": "Giám đốc Sở Y tế (mẫu)", "respondent_title": "Giám đốc Sở Y tế",
            "text": "Ngắn", "asker": delegates[3].pk}
    before = (Person.objects.count(), AuditRecord.objects.count())
    refused = client.post(f"/api/v1/sessions/{session.pk}/questions", body, content_type="application/json")
    assert refused.status_code == 422 and (Person.objects.count(), AuditRecord.objects.count()) == before
    body["text"] = "Giải pháp khắc phục tình trạng thiếu thuốc tại bệnh viện tuyến xã?"
    created = client.post(f"/api/v1/sessions/{session.pk}/questions", body, content_type="application/json")
    assert created.status_code == 201
    # A delegate asks in their own name, whoever the body names.
    assert created.json()["asker"] == str(mine.person)


def test_the_session_page_and_the_api_read_without_a_query_per_row(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, delegates = council
    office = world.client_for(world.council_office)

    def ask_answer_vote(i: int) -> None:
        _answered_with_commitment(world, session, delegates[i], Person.objects.create(full_name=f"Giám đốc Sở {i} (mẫu)"),
                                  text=f"Câu hỏi số {i} về tiến độ giải ngân vốn đầu tư công?",
                                  commitment=f"Tham mưu điều chuyển vốn các dự án chậm giải ngân, đợt {i}")
        vote_record_electronic(actor=None, session=session, motion=f"Biểu quyết {i}", day=DAY,
                               choices={d.pk: VoteChoice.YES for d in delegates[:6]})

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert office.get(url).status_code == 200
        return len(ctx.captured_queries)

    ask_answer_vote(0)
    urls = [f"/sessions/{session.pk}/", f"/api/v1/sessions/{session.pk}", f"/api/v1/questions?session={session.pk}",
            "/opendata/questions.json", "/opendata/memberships.json"]
    first = [queries(url) for url in urls]
    for i in range(1, 4):
        ask_answer_vote(i)
    assert [queries(url) for url in urls] == first


def test_a_refused_form_on_the_session_page_comes_back_as_typed_with_the_refusal_next_to_its_field(
    world: World, council: tuple[Session, list[Delegate]]
) -> None:
    session, _ = council
    client = world.client_for(world.council_office)
    typed = {"resolution-number": "15/2025/NQ-HĐND", "resolution-adopted_on": "14/07/2026", "resolution-title": "Nghị quyết về giá đất"}
    response = client.post(f"/sessions/{session.pk}/act/resolution/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true" aria-describedby="id_resolution-number_error"' in page and "Năm trong số nghị quyết (2025) khác năm thông qua (2026)." in page
    assert 'value="15/2025/NQ-HĐND"' in page and 'value="Nghị quyết về giá đất"' in page
    assert "<details open><summary>Ghi nghị quyết</summary>" in page
    assert not session.resolutions.exists()


def test_a_resolution_whose_vote_failed_is_never_listed_as_adopted(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    failed = resolution_create(actor=world.council_office, council=world.council, number="7/2026/NQ-HĐND", adopted_on=DAY,
                               title="Nghị quyết về phí tham quan (mẫu)", session=session)
    passed = resolution_create(actor=world.council_office, council=world.council, number="8/2026/NQ-HĐND", adopted_on=DAY,
                               title="Nghị quyết về giá dịch vụ (mẫu)", session=session)
    # 10 delegates: 5 of 10 is half, not more than half of all delegates.
    vote_record_tally(actor=world.council_office, session=session, motion="Thông qua nghị quyết 7", day=DAY, yes=5, no=3, abstain=0,
                      absent=2, resolution=failed)
    vote_record_tally(actor=world.council_office, session=session, motion="Thông qua nghị quyết 8", day=DAY, yes=6, no=2, abstain=0,
                      absent=2, resolution=passed)
    public = world.client_for(None)
    home = public.get("/").content.decode()
    assert "Nghị quyết về giá dịch vụ" in home and "Nghị quyết về phí tham quan" not in home
    assert "1 nghị quyết được thông qua" in home
    row = re.search(r"<tr><td[^>]*>(?:<a [^>]*>)?7/2026/NQ-HĐND(?:</a>)?</td>.*?</tr>", public.get(f"/sessions/{session.pk}/").content.decode(), re.S)
    assert row is not None and "Không thông qua" in row.group(0)
    api = {r["number"]: r for r in public.get("/api/v1/resolutions").json()["items"]}
    assert api["7/2026/NQ-HĐND"]["adopted"] is False and api["7/2026/NQ-HĐND"]["passed_by_vote"] is None
    assert api["8/2026/NQ-HĐND"]["adopted"] is True and api["8/2026/NQ-HĐND"]["passed_by_vote"] is not None
    assert [r["number"] for r in public.get("/api/v1/resolutions?adopted=true").json()["items"]] == ["8/2026/NQ-HĐND"]
    rows = {r["identifier"]: r for r in public.get("/opendata/resolutions.json").json()}
    assert rows["7/2026/NQ-HĐND"]["status"] == "rejected" and rows["7/2026/NQ-HĐND"]["adopted_on"] == ""


def test_the_open_data_page_names_each_dataset_in_vietnamese(world: World) -> None:
    page = world.client_for(None).get("/opendata/").content.decode()
    assert "Nghị quyết (đã thông qua hay không)" in page and "<code>resolutions</code>" in page
    assert "Phiếu của từng đại biểu" in page


def test_the_council_office_finds_the_way_to_add_a_session_from_the_home_page(world: World) -> None:
    assert "/sessions/new/" in world.client_for(world.council_office).get("/").content.decode()
    for user in (world.officer, world.delegate, None):
        assert "/sessions/new/" not in world.client_for(user).get("/").content.decode()


def test_a_delegate_who_may_not_ask_here_is_told_why(world: World, council: tuple[Session, list[Delegate]]) -> None:
    session, _ = council
    client = world.client_for(world.delegate)
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Bạn không phải đại biểu của khóa XVII" in page and 'name="question-text"' not in page
    assert world.delegate.person is not None
    delegate_add(actor=None, term=session.term, person=world.delegate.person, elected_on=dt.date(2026, 3, 15))
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert 'id="ask-refusal"' not in page and 'name="question-text"' in page
    session_set_state(actor=None, session=session, state=SessionState.CLOSED)
    assert "Kỳ họp đã bế mạc nên không đăng ký thêm câu hỏi chất vấn." in client.get(f"/sessions/{session.pk}/").content.decode()
