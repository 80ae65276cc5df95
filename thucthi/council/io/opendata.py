"""Open data in the Popolo / Open Civic Data vocabulary: people, organizations, memberships,
sessions (events), vote events with counts, individual votes, resolutions. Each dataset is a
list of flat records, served as JSON or CSV with the same columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from thucthi.council import selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Record = dict[str, Any]


def people() -> Iterator[Record]:
    for p in selectors.people_with_mandates():
        yield {"id": f"person/{p.pk}", "name": p.full_name, "is_sample": p.is_sample}


def memberships() -> Iterator[Record]:
    # "group" is the delegate's latest delegate group; the dated history is on the group's page.
    latest = selectors.latest_groups()
    for d in selectors.mandates():
        yield {
            "id": f"membership/{d.pk}", "person_id": f"person/{d.person_id}", "organization_id": f"organization/{d.term.council_id}",
            "organization": d.term.council.name, "role": "đại biểu", "term": d.term.number, "group": latest.get(d.pk, ""),
            "start_date": d.elected_on.isoformat(), "end_date": d.left_on.isoformat() if d.left_on else "", "is_sample": d.is_sample,
        }


def sessions() -> Iterator[Record]:
    for s in selectors.session_list().order_by("start", "id"):
        yield {
            "id": f"event/{s.pk}", "name": f"Kỳ họp thứ {s.number}", "organization_id": f"organization/{s.term.council_id}",
            "organization": s.term.council.name, "term": s.term.number, "classification": s.kind,
            "start_date": s.start.isoformat(), "end_date": s.end.isoformat(), "location": s.place, "dates_are_sample": s.dates_are_sample,
        }


def vote_events() -> Iterator[Record]:
    for v in selectors.vote_event_list():
        yield {
            "id": f"vote_event/{v.pk}", "legislative_session_id": f"event/{v.session_id}", "motion_text": v.motion,
            "start_date": v.day.isoformat(), "result": "pass" if v.passed else "fail", "method": v.method,
            "total_delegates": v.total_delegates, "yes": v.yes, "no": v.no, "abstain": v.abstain, "absent": v.absent,
            "bill_id": f"resolution/{v.resolution_id}" if v.resolution_id else "", "is_sample": v.is_sample,
        }


def votes() -> Iterator[Record]:
    for x in selectors.vote_list():
        yield {"vote_event_id": f"vote_event/{x.vote_event_id}", "voter_id": f"person/{x.delegate.person_id}", "option": x.choice}


def resolutions() -> Iterator[Record]:
    for r in selectors.resolution_list().order_by("adopted_on", "number"):
        yield {
            "id": f"resolution/{r.pk}", "identifier": r.number, "title": r.title, "organization_id": f"organization/{r.council_id}",
            "legislative_session_id": f"event/{r.session_id}" if r.session_id else "",
            "status": "adopted" if r.adopted else "pending" if r.vote_pending else "rejected", "adopted_on": r.adopted_on.isoformat() if r.adopted else "",
            "legal_normative": r.legal_normative, "is_sample": r.is_sample,
        }


def questions() -> Iterator[Record]:
    for q in selectors.question_list():
        answer = getattr(q, "answer", None)
        yield {
            "id": f"question/{q.pk}", "legislative_session_id": f"event/{q.session_id}", "asker_id": f"person/{q.asker.person_id}",
            "respondent_id": f"person/{q.respondent_id}", "respondent_title": q.respondent_title, "topic": q.topic, "text": q.text,
            "state": q.state, "answer_mode": answer.mode if answer else "", "answered_on": answer.answered_on.isoformat() if answer else "",
            "follow_up_of": f"question/{q.follow_up_of_id}" if q.follow_up_of_id else "", "is_sample": q.is_sample,
        }


def commitments() -> Iterator[Record]:
    for c in selectors.commitment_list():
        t = c.task
        yield {
            "id": f"commitment/{c.pk}", "question_id": f"question/{c.answer.question_id}", "text": c.text,
            "due_on": c.due_on.isoformat() if c.due_on else "", "lead_unit_id": f"organization/{c.lead_unit_id}",
            "task_id": f"task/{c.task_id}" if c.task_id else "", "task_state": t.state if t else "",
            "completed_on": t.completed_on.isoformat() if t and t.completed_on else "",
        }


# What each dataset holds, for the people who download it (the file names keep Popolo's English).
TITLES: dict[str, StrOrPromise] = {
    "sessions": _("Kỳ họp và phiên họp"), "people": _("Người: đại biểu và người trả lời chất vấn"),
    "memberships": _("Đại biểu theo khóa và tổ đại biểu"), "vote_events": _("Các lần biểu quyết và kết quả"),
    "votes": _("Phiếu của từng đại biểu"), "resolutions": _("Nghị quyết (đã thông qua hay không)"),
    "questions": _("Câu hỏi chất vấn và trả lời"), "commitments": _("Cam kết khi trả lời chất vấn và nhiệm vụ theo dõi"),
}

DATASETS: dict[str, Callable[[], Iterator[Record]]] = {
    "questions": questions, "commitments": commitments,
    "people": people, "memberships": memberships, "sessions": sessions, "vote_events": vote_events, "votes": votes,
    "resolutions": resolutions,
}
