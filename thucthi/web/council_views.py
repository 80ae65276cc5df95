"""Public council pages: a session with its votes and questioning, a delegate, a respondent."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thucthi.council.models import Delegate, Question, Session, Vote
from thucthi.council.questioning import commitments_follow_up, questions_of
from thucthi.orgs.models import Person


def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("term__council").filter(pk=pk).first()
    if session is None:
        raise Http404
    today = timezone.localdate()
    return render(request, "web/session.html", {
        "session": session,
        "resolutions": session.resolutions.select_related("vote_event").order_by("number"),
        "vote_events": session.vote_events.prefetch_related("votes__delegate__person").order_by("day", "id"),
        "questions": questions_of(session),
        "follow_up": commitments_follow_up(session, today=today),
        "today": today,
    })


def delegate_page(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = Delegate.objects.select_related("person", "term__council", "group").filter(pk=pk).first()
    if delegate is None:
        raise Http404
    attendance = delegate.attendance.aggregate(total=Count("id"), present=Count("id", filter=Q(present=True)))
    votes = Vote.objects.filter(delegate=delegate).select_related("vote_event__session").order_by("-vote_event__day", "id")
    asked = Question.objects.filter(asker=delegate).select_related("session", "respondent", "answer").order_by("-registered_on", "id")
    return render(request, "web/delegate.html", {"delegate": delegate, "attendance": attendance, "votes": votes, "asked": asked})


def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: positions over time, and as a respondent the questions answered and commitments."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    today = timezone.localdate()
    questions = (
        Question.objects.filter(respondent=person).select_related("session__term__council", "asker__person", "answer")
        .prefetch_related("answer__commitments__task").order_by("-registered_on", "id")
    )
    return render(request, "web/person.html", {
        "person": person, "positions": person.positions.select_related("unit").order_by("-start", "id"),
        "mandates": person.mandates.select_related("term__council"), "questions": questions, "today": today,
    })
