"""A council term with a session: delegates, a sitting with attendance, two votes (one failed), a
question answered with a commitment (a task of the Department of Finance), and a resolution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tests.conftest import World
from thucthi.core import clock
from thucthi.council import questioning
from thucthi.council.models import AnswerMode, Commitment, Delegate, Question, Resolution, Session, SessionState, VoteChoice
from thucthi.council.services import (
    attendance_record,
    delegate_add,
    resolution_create,
    session_create,
    session_set_state,
    sitting_add,
    term_create,
    vote_record_electronic,
)
from thucthi.orgs.models import Person

DAY = dt.date(2026, 7, 14)


@dataclass
class Council:
    session: Session
    delegates: list[Delegate]
    resolution: Resolution
    commitment: Commitment


def ask(world: World, session: Session, asker: Delegate, i: int, *, answer: bool = True) -> Question:
    """Question `i` from `asker`, answered (with one commitment due 30/09/2026) unless told not to."""
    respondent = Person.objects.create(full_name=f"Giám đốc Sở {i}")
    with clock.frozen(DAY):
        question = questioning.question_register(
            actor=None,
            session=session,
            asker=asker,
            respondent=respondent,
            respondent_title="Giám đốc Sở Tài chính",
            respondent_unit=world.finance,
            text=f"Câu hỏi số {i} về tiến độ giải ngân vốn đầu tư công?",
        )
        if answer:
            questioning.answer_record(
                actor=world.council_office,
                question=question,
                mode=AnswerMode.ORAL,
                text=f"Sở sẽ tham mưu điều chuyển vốn, đợt {i}",
                answered_on=DAY,
                commitments=[questioning.CommitmentInput(f"Điều chuyển vốn đợt {i}", dt.date(2026, 9, 30), world.finance)],
            )
    return question


def vote(session: Session, delegates: list[Delegate], i: int, *, yes: int) -> None:
    vote_record_electronic(
        actor=None,
        session=session,
        motion=f"Thông qua nội dung số {i}",
        day=DAY,
        choices={d.pk: VoteChoice.YES for d in delegates[:yes]},
    )


def council(world: World, *, sample: bool = False) -> Council:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1))
    delegates = []
    for i in range(10):
        name = f"Đại biểu số {i:02d} (mẫu)" if sample else f"Đại biểu {i:02d}"
        person = Person.objects.create(full_name=name, is_sample=sample)
        delegates.append(delegate_add(actor=None, term=term, person=person, elected_on=dt.date(2026, 3, 15), is_sample=sample))
    session = session_set_state(actor=None, session=session, state=SessionState.OPEN)
    sitting = sitting_add(actor=world.council_office, session=session, day=DAY, title="Phiên khai mạc")
    attendance_record(
        actor=world.council_office,
        sitting=sitting,
        present={d.pk for d in delegates[1:]},
        reasons={delegates[0].pk: "Đi công tác"},
    )
    sitting_add(actor=world.council_office, session=session, day=DAY + dt.timedelta(days=1), title="Phiên bế mạc")
    question = ask(world, session, delegates[0], 0)
    vote(session, delegates, 0, yes=6)
    vote(session, delegates, 1, yes=5)  # 5 of 10 is not more than half: the motion fails
    resolution = resolution_create(
        actor=world.council_office,
        council=world.council,
        session=session,
        number="12/NQ-HĐND",
        adopted_on=DAY + dt.timedelta(days=1),
        title="Nghị quyết về kế hoạch đầu tư công năm 2027",
    )
    return Council(session, delegates, resolution, question.answer.commitments.get())
