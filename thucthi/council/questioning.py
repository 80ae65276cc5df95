"""Questioning (chất vấn): register, schedule, answer; commitments become tasks; follow-up.

A commitment made in an answer is a task like any other — same six clears, deadlines,
chasing and scorecards — whose source is the commitment, so the task page links back to the
question, the respondent and the session, and the next session can review it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy import Action, PermissionDenied, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.models import (
    Answer,
    AnswerMode,
    Commitment,
    Delegate,
    Question,
    QuestionState,
    Session,
    SessionState,
    Sitting,
)
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.tasks import services as task_services
from thucthi.tasks.models import ProductKind, Task
from thucthi.tasks.status import status_expression


@transaction.atomic
def question_register(
    *, actor: User | None, session: Session, asker: Delegate, respondent: Person, respondent_title: str,
    respondent_unit: Unit, text: str, topic: str = "", follow_up_of: Question | None = None, is_sample: bool = False,
) -> Question:
    if actor is not None:
        require(actor, Action.QUESTION_REGISTER)
        if actor.role == Role.DELEGATE and actor.person_id != asker.person_id:
            raise PermissionDenied("Đại biểu chỉ đăng ký câu hỏi chất vấn của chính mình.")
    session.state = Session.objects.select_for_update().values_list("state", flat=True).get(pk=session.pk)
    if session.state == SessionState.CLOSED:
        raise DomainError("Kỳ họp đã bế mạc: không đăng ký thêm câu hỏi chất vấn.")
    if asker.term_id != session.term_id:
        raise DomainError("Người hỏi không phải đại biểu của khóa này.", field="asker")
    if not text.strip() or len(text.strip()) < 20:
        raise DomainError("Nội dung chất vấn cần nêu rõ vấn đề (ít nhất 20 ký tự).", field="text")
    if not respondent_title.strip():
        raise DomainError("Cần ghi chức vụ của người bị chất vấn.", field="respondent_title")
    question = Question.objects.create(
        session=session, asker=asker, respondent=respondent, respondent_title=respondent_title.strip(), respondent_unit=respondent_unit,
        text=text.strip(), topic=topic.strip(), registered_on=clock.today(), follow_up_of=follow_up_of, is_sample=is_sample,
    )
    audit_record(actor=actor, action="council.question.register", obj=question, after=snapshot(question, ["session_id", "asker_id", "respondent_id", "text"]))
    return question


@transaction.atomic
def question_schedule(*, actor: User | None, question: Question, sitting: Sitting, order: int) -> Question:
    """The Standing Committee groups questions and sets the order they are answered in."""
    if actor is not None:
        require(actor, Action.COUNCIL_RECORD)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if sitting.session_id != question.session_id:
        raise DomainError("Phiên họp không thuộc kỳ họp của câu hỏi.", field="sitting")
    if question.state not in (QuestionState.REGISTERED, QuestionState.SCHEDULED):
        raise DomainError("Câu hỏi đã được trả lời hoặc đã rút.")
    before = snapshot(question, ["state", "sitting_id", "order"])
    question.state, question.sitting, question.order = QuestionState.SCHEDULED, sitting, order
    question.save(update_fields=["state", "sitting", "order"])
    audit_record(actor=actor, action="council.question.schedule", obj=question, before=before, after=snapshot(question, ["state", "sitting_id", "order"]))
    return question


@dataclass(frozen=True)
class CommitmentInput:
    text: str
    due_on: dt.date | None
    lead_unit: Unit


def _standing_committee(session: Session) -> Unit:
    council = session.term.council
    return Unit.objects.filter(parent=council, kind=UnitKind.STANDING_COMMITTEE).first() or council


@transaction.atomic
def answer_record(
    *, actor: User | None, question: Question, mode: AnswerMode, text: str, answered_on: dt.date,
    commitments: list[CommitmentInput] | None = None, allow_historical: bool = False,
) -> Answer:
    """Record the answer; each commitment becomes an issued task, led by the unit that promised,
    accepted by the council's Standing Committee, due when the respondent said."""
    if actor is not None:
        require(actor, Action.COUNCIL_RECORD)
    question = Question.objects.select_for_update().select_related("session__term__council", "respondent").get(pk=question.pk)
    if question.state == QuestionState.ANSWERED:
        raise DomainError("Câu hỏi này đã có câu trả lời.")
    if not text.strip():
        raise DomainError("Cần ghi nội dung trả lời.", field="text")
    if answered_on < question.registered_on:
        raise DomainError("Ngày trả lời không thể trước ngày đăng ký câu hỏi.", field="answered_on")
    for c in commitments or []:
        if not c.text.strip():
            raise DomainError("Nội dung cam kết không được để trống.", field="commitments")
    answer = Answer.objects.create(question=question, mode=mode, text=text.strip(), answered_on=answered_on)
    question.state = QuestionState.ANSWERED
    question.save(update_fields=["state"])
    authority = _standing_committee(question.session)
    for c in commitments or []:
        commitment = Commitment.objects.create(answer=answer, text=c.text.strip(), due_on=c.due_on, lead_unit=c.lead_unit)
        with clock.frozen(answered_on):
            task = task_services.task_create(
                actor=None, title=c.text.strip(), issuer=authority, lead_unit=c.lead_unit, source=commitment,
                source_ref=f"Chất vấn tại kỳ họp thứ {question.session.number}", responsible=question.respondent,
                accepting_unit=authority, expected_product="Báo cáo kết quả thực hiện cam kết", product_kind=ProductKind.REPORT,
                deadline=c.due_on, deadline_kind="date" if c.due_on else "none",
                no_deadline_reason="" if c.due_on else "Cam kết không nêu thời hạn", inactivity_days=None if c.due_on else 90,
                allow_historical=allow_historical, issue=True,
            )
        commitment.task = task
        commitment.save(update_fields=["task"])
        audit_record(actor=actor, action="council.commitment.record", obj=commitment, after=snapshot(commitment))
    audit_record(actor=actor, action="council.answer.record", obj=answer, after=snapshot(answer, ["question_id", "mode", "answered_on"]))
    return answer


@dataclass(frozen=True)
class FollowUp:
    commitment: Commitment
    task: Task | None
    status: str | None
    evidence: str


def commitments_follow_up(session: Session, *, today: dt.date) -> list[FollowUp]:
    """For the Standing Committee before `session`: what was promised at earlier sessions of the
    same council, how each stands today, and the latest progress or completion note."""
    earlier = Commitment.objects.filter(
        answer__question__session__term__council=session.term.council,
        answer__question__session__start__lt=session.start,
    ).select_related("answer__question__session", "answer__question__respondent", "lead_unit")
    tasks = {
        t.pk: t for t in Task.objects.filter(pk__in=[c.task_id for c in earlier if c.task_id])
        .annotate(status=status_expression(today)).prefetch_related("events")
    }
    rows = []
    for c in earlier.order_by("answer__question__session__start", "id"):
        task = tasks.get(c.task_id) if c.task_id else None
        evidence = ""
        if task is not None:
            notes = [e.note for e in task.events.all() if e.note]
            evidence = notes[-1] if notes else ""
        rows.append(FollowUp(c, task, getattr(task, "status", None) if task else None, evidence))
    return rows


def questions_of(session: Session) -> QuerySet[Question]:
    return (
        session.questions.select_related("asker__person", "respondent", "respondent_unit", "answer", "sitting", "follow_up_of__session")
        .prefetch_related("answer__commitments__task")
        .order_by("order", "id")
    )
