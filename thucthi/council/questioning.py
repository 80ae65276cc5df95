"""Questioning (chất vấn): register, schedule, answer; commitments become tasks; follow-up.

A commitment made in an answer is a task like any other — same six clears, deadlines,
chasing and scorecards — whose source is the commitment, so the task page links back to the
question, the respondent and the session, and the next session can review it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import Truncator

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, asks_in_own_name, may_record_commitment_task, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.access import require_council_record
from thucthi.council.io.decree30 import BLANK, Block, BlockKind, Decree30Document, issuer_lines
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
from thucthi.council.notify import question_answered, question_registered
from thucthi.council.selectors import commitments_follow_up, questions_of
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.orgs.services import person_create
from thucthi.tasks import services as task_services
from thucthi.tasks.models import ProductKind


@transaction.atomic
def question_register(
    *, actor: User | None, session: Session, asker: Delegate, respondent: Person, respondent_title: str,
    respondent_unit: Unit, text: str, topic: str = "", follow_up_of: Question | None = None, is_sample: bool = False,
) -> Question:
    if actor is not None:
        require(actor, Action.QUESTION_REGISTER)
        if asks_in_own_name(actor):
            if actor.person_id != asker.person_id:
                raise PermissionDenied("Đại biểu chỉ đăng ký câu hỏi chất vấn của chính mình.")
        else:  # the secretariat registers a question handed in on paper: for its own council only
            require_council_record(actor, session.term)
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
    audit_record(actor=actor, action="council.question.register", obj=question, before=None,
                 after=snapshot(question, ["session_id", "asker_id", "respondent_id", "text"]))
    question_registered(actor, question)
    return question


@transaction.atomic
def question_submit(
    *, actor: User, session: Session, respondent_title: str, respondent_unit: Unit, text: str, asker: Delegate | None = None,
    respondent: Person | None = None, respondent_name: str = "", topic: str = "", follow_up_of: Question | None = None,
) -> Question:
    """Register a question as the web form and the API hand it in, in one transaction: the asker
    is the acting delegate (or, for the secretariat, the delegate it names), and an official not
    yet in the register is added by name. A refused question leaves nothing behind, not even
    the new person."""
    require(actor, Action.QUESTION_REGISTER)
    if asker is None or asks_in_own_name(actor):
        asker = Delegate.objects.filter(term=session.term, person_id=actor.person_id or 0).first()
    if asker is None:
        raise DomainError("Bạn không phải đại biểu của khóa này; không đăng ký được câu hỏi.", field="asker")
    if asker.term_id != session.term_id:
        raise DomainError("Người hỏi không phải đại biểu của khóa này.", field="asker")
    if respondent is None:
        name = " ".join(respondent_name.split())
        if not name:
            raise DomainError("Chọn người bị chất vấn hoặc nhập họ tên.", field="respondent")
        respondent = Person.objects.filter(full_name=name).first() or person_create(actor=actor, full_name=name)
    return question_register(actor=actor, session=session, asker=asker, respondent=respondent, respondent_title=respondent_title,
                             respondent_unit=respondent_unit, text=text, topic=topic, follow_up_of=follow_up_of)


@transaction.atomic
def question_schedule(*, actor: User | None, question: Question, sitting: Sitting, order: int) -> Question:
    """The Standing Committee groups questions and sets the order they are answered in."""
    require_council_record(actor, question.session.term)
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
    require_council_record(actor, question.session.term)
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
        if not c.lead_unit.is_valid_on(answered_on):
            raise DomainError(
                f"“{c.lead_unit}” không hoạt động vào ngày trả lời {answered_on:%d/%m/%Y}: "
                "hãy chọn cơ quan đang hoạt động vào ngày đó.", field="commitment_unit")
    authority = _standing_committee(question.session)
    if actor is not None and commitments and not may_record_commitment_task(actor, question.session.term.council_id, authority.pk):
        raise PermissionDenied(f"Bạn không ghi cam kết thành nhiệm vụ thay cho “{authority}”.")
    answer = Answer.objects.create(question=question, mode=mode, text=text.strip(), answered_on=answered_on)
    before = snapshot(question, ["state"])
    question.state = QuestionState.ANSWERED
    question.save(update_fields=["state"])
    audit_record(actor=actor, action="council.question.answered", obj=question, before=before, after=snapshot(question, ["state"]))
    for c in commitments or []:
        commitment = Commitment.objects.create(answer=answer, text=c.text.strip(), due_on=c.due_on, lead_unit=c.lead_unit)
        with clock.frozen(answered_on):
            # The office that records the answer records the task too, in the Standing Committee's
            # name (may_record_commitment_task): the audit names that user, not "system".
            task = task_services.task_create(
                actor=actor, title=c.text.strip(), issuer=authority, lead_unit=c.lead_unit, source=commitment,
                source_ref=f"Chất vấn tại kỳ họp thứ {question.session.number}", responsible=question.respondent,
                accepting_unit=authority, expected_product="Báo cáo kết quả thực hiện cam kết", product_kind=ProductKind.REPORT,
                deadline=c.due_on, deadline_kind="date" if c.due_on else "none",
                no_deadline_reason="" if c.due_on else "Cam kết không nêu thời hạn", inactivity_days=None if c.due_on else 90,
                allow_historical=allow_historical, issue=True,
            )
        commitment.task = task
        commitment.save(update_fields=["task"])
        audit_record(actor=actor, action="council.commitment.record", obj=commitment, before=None, after=snapshot(commitment))
    audit_record(actor=actor, action="council.answer.record", obj=answer, before=None,
                 after=snapshot(answer, ["question_id", "mode", "answered_on"]))
    question_answered(actor, question)
    return answer


# --- The resolution on questioning ---------------------------------------------------------------

DONE = {"completed_on_time", "completed_late", "cancelled"}
RECIPIENTS = [
    "Ủy ban Thường vụ Quốc hội", "Chính phủ", "Thường trực {party}", "Thường trực {council}", "{committee}",
    "Các Ban của {council}", "Các đại biểu {council}", "Các cơ quan có người bị chất vấn", "Lưu: VT",
]


def questioning_resolution(session: Session, *, today: dt.date) -> Decree30Document:
    """A draft of the resolution on questioning (Nghị quyết về hoạt động chất vấn): Article 1 holds
    this session's commitments by respondent, Article 2 earlier sessions' commitments not yet done,
    the last article implementation and supervision (Law on Supervisory Activities of the National
    Assembly and People's Councils, art. 61). The number and the date are left for the office."""
    council = session.term.council
    area = council.area.short_name if council.area else ""
    year = session.end.year
    by_respondent: dict[tuple[int, str], list[Question]] = {}
    for q in questions_of(session):
        if getattr(q, "answer", None) is not None:
            by_respondent.setdefault((q.respondent_id, q.respondent_title), []).append(q)
    body = [
        Block(BlockKind.BASIS, "Căn cứ Luật Tổ chức chính quyền địa phương;"),
        Block(BlockKind.BASIS, "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân;"),
        Block(BlockKind.BASIS, "Trên cơ sở kết quả chất vấn và trả lời chất vấn tại kỳ họp,"),
        Block(BlockKind.CENTER, "QUYẾT NGHỊ:"),
        Block(BlockKind.ARTICLE, "Tán thành nội dung trả lời chất vấn và các cam kết của những người bị chất vấn tại kỳ họp; "
              "yêu cầu thực hiện các nội dung sau:", label="Điều 1."),
    ]
    for n, asked in enumerate(by_respondent.values(), start=1):
        first = asked[0]
        body.append(Block(BlockKind.POINT, f"({first.respondent}):", label=f"{n}. {first.respondent_title}"))
        for q in asked:
            commitments = list(q.answer.commitments.all())
            for c in commitments:
                due = f"; thời hạn hoàn thành: {c.due_on:%d/%m/%Y}" if c.due_on else ""
                body.append(Block(BlockKind.ITEM, f"- {c.text}{due}."))
            if not commitments:
                body.append(Block(BlockKind.ITEM, f"- {Truncator(q.topic or q.text).chars(160)}: tiếp tục thực hiện theo nội dung đã trả lời."))
    if not by_respondent:
        body.append(Block(BlockKind.TEXT, "(Chưa có câu hỏi nào được trả lời tại kỳ họp này.)"))
    open_earlier = [row for row in commitments_follow_up(session, today=today) if row.status not in DONE]
    article = 2
    if open_earlier:
        body.append(Block(BlockKind.ARTICLE, "Tiếp tục thực hiện các cam kết tại các kỳ họp trước chưa hoàn thành:", label="Điều 2."))
        for row in open_earlier:
            c, q = row.commitment, row.commitment.answer.question
            due = f", hạn {c.due_on:%d/%m/%Y}" if c.due_on else ""
            body.append(Block(BlockKind.ITEM, f"- {c.text} ({q.respondent_title}, kỳ họp thứ {q.session.number}{due})."))
        article = 3
    body += [
        Block(BlockKind.ARTICLE, "Giao Ủy ban nhân dân và các cơ quan có liên quan tổ chức thực hiện, báo cáo kết quả tại kỳ họp thường lệ "
              "tiếp theo. Giao Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân giám sát việc "
              "thực hiện Nghị quyết này.", label=f"Điều {article}."),
        Block(BlockKind.TEXT, f"Nghị quyết này đã được {council.name} khóa {session.term.roman}, Kỳ họp thứ {session.number} thông qua "
              f"ngày{BLANK}tháng{BLANK}năm {year}./."),
    ]
    short = council.short_name or council.name  # "HĐND tỉnh Hưng Yên"
    division = council.area.division_type if council.area else ""
    names = {"council": short, "committee": short.replace("HĐND", "UBND", 1) if short.startswith("HĐND") else "Ủy ban nhân dân",
             "party": {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy"}.get(division, "Đảng ủy")}
    return Decree30Document(
        issuer=issuer_lines(council.name), number=f"Số:{BLANK}/NQ-HĐND", place_date=f"{area}, ngày{BLANK}tháng{BLANK}năm {year}",
        kind="NGHỊ QUYẾT",
        summary=f"Về hoạt động chất vấn tại Kỳ họp thứ {session.number}, {council.name} khóa {session.term.roman}",
        authority=[council.name.upper(), f"KHÓA {session.term.roman}, KỲ HỌP THỨ {session.number}"],
        body=body, signer_title="CHỦ TỊCH", recipients=[r.format(**names) + ";" if r != "Lưu: VT" else r + "." for r in RECIPIENTS],
        draft=True,
    )
