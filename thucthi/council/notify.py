"""Who hears about a question (chất vấn): when it is registered, the respondent's unit and the
council's office; when it is answered, the delegate who asked. Told once the flow commits
(`notify_on_commit`), never the actor. The notification points at the session, whose page
lists the question and its answer."""

from __future__ import annotations

from django.utils.text import Truncator

from thucthi.accounts.models import User
from thucthi.core import clock
from thucthi.council.models import Question
from thucthi.notifications.models import Kind
from thucthi.notifications.recipients import Recipients
from thucthi.notifications.services import notify_on_commit


def _about(question: Question) -> str:
    return Truncator(question.text).chars(160)


def question_registered(actor: User | None, question: Question) -> None:
    people = Recipients(clock.today())
    session = question.session
    recipients = people.unit_staff(question.respondent_unit) + people.authority(session.term.council)
    notify_on_commit(
        acted=actor, recipients=recipients, kind=Kind.QUESTION, key=f"question:{question.pk}:registered",
        message=f"Câu hỏi chất vấn gửi {question.respondent_title} tại kỳ họp thứ {session.number}: {_about(question)}", target=session,
    )


def question_answered(actor: User | None, question: Question) -> None:
    people = Recipients(clock.today())
    notify_on_commit(
        acted=actor, recipients=people.person(question.asker.person_id), kind=Kind.QUESTION, key=f"question:{question.pk}:answered",
        message=f"{question.respondent_title} đã trả lời câu hỏi chất vấn của bạn: {_about(question)}", target=question.session,
    )
