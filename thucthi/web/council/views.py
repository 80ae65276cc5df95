"""Public council pages: a session with its votes and questioning, a delegate, a respondent.

Each view parses its input, calls one selector (`council.selectors`) or one service, and renders."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, can, may_record_for_council
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import groups, questioning, selectors
from thucthi.council.access import require_council_record
from thucthi.council.documents import agenda_add, document_upload
from thucthi.council.io import decree30, vote_import
from thucthi.council.models import AnswerMode, DelegateGroup, Session, SessionState, Sitting, Term, VoteChoice
from thucthi.council.services import (
    attendance_record,
    resolution_create,
    session_actions,
    session_create,
    session_reopen,
    session_set_state,
    sitting_add,
    vote_record_electronic,
    vote_record_tally,
)
from thucthi.web.common import current_user, errors_text
from thucthi.web.confirm import confirmation
from thucthi.web.council.forms import (
    AgendaForm,
    AnswerForm,
    GroupForm,
    GroupLeaveForm,
    GroupMemberForm,
    QuestionForm,
    ResolutionForm,
    SessionDocumentForm,
    SessionForm,
    SittingForm,
    TallyForm,
    VoteImportForm,
)


def _session_or_404(pk: int) -> Session:
    session = selectors.session_get(pk)
    if session is None:
        raise Http404
    return session


def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_session(request, _session_or_404(pk))


def _render_session(request: HttpRequest, session: Session, *, refused: forms.Form | None = None, failed: str = "",
                    **extra: Any) -> HttpResponse:
    """The session page; after a refused form, that form as it was typed with its errors next to
    its fields, in its section opened."""
    today = clock.today()
    q = request.GET.get("q", "")
    context = session_context(request, session)
    if refused is not None:
        key, question = FORM_KEYS[failed], request.POST.get("question", "")
        fresh = context["forms"].get(key)
        if key == "answers":
            fresh = context["forms"]["answers"].get(int(question)) if question.isdigit() else None
        if fresh is not None:
            refused.fields = fresh.fields  # the page's choices and labels, not the wider ones validation used
        if key == "answers" and question.isdigit():
            context["forms"]["answers"][int(question)] = refused
        else:
            context["forms"][key] = refused
        extra |= {"failed": failed, "failed_question": int(question) if question.isdigit() else None,
                  "posted_asker": request.POST.get("asker", "")}
    return render(request, "web/council/session.html", {
        "sittings": selectors.session_sittings(session),
        "session": session, "agenda": selectors.agenda_tree(session), "documents": selectors.documents_current(session, q), "doc_query": q,
        "resolutions": selectors.session_resolutions(session),
        "vote_events": selectors.session_vote_events(session),
        "questions": selectors.questions_of(session),
        "follow_up": selectors.commitments_follow_up(session, today=today),
        "today": today,
        "groups": selectors.groups_of_term(session.term, day=session.start),
        **context,
        **extra,
    })


def delegate_page(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = selectors.delegate_get(pk)
    if delegate is None:
        raise Http404
    """A delegate's public record: who, the numbers, the questions with their answers and
    commitments, the sittings attended per session and the votes cast, and a form to follow it."""
    today = clock.today()
    record = selectors.delegate_public_record(delegate, today=today)
    return render(request, "web/council/delegate.html", {"delegate": delegate, "record": record, "today": today})


def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: positions over time, and as a respondent the questions answered and commitments."""
    record = selectors.person_record(pk)
    if record is None:
        raise Http404
    return render(request, "web/council/person.html", {
        "person": record.person, "positions": record.positions, "mandates": record.mandates, "questions": record.questions,
        "today": clock.today(),
    })


# --- The secretariat's and delegates' actions ----------------------------------------------------


def session_context(request: HttpRequest, session: Session) -> dict[str, Any]:
    """The forms the signed-in user may use on the session page, and the state changes the
    session allows now (a closed session offers reopening, with a reason, not opening)."""
    user = request.user
    may_record = may_record_for_council(user, session.term.council_id)
    mandate = selectors.mandate_of(session.term, user.person_id) if isinstance(user, User) else None
    may_ask = can(user, Action.QUESTION_REGISTER) and (may_record or mandate is not None) and session.state != SessionState.CLOSED
    # Someone who registers questions but may not here is told why, instead of finding no form.
    ask_refusal = ""
    if can(user, Action.QUESTION_REGISTER) and not may_ask:
        if not may_record and mandate is None:
            ask_refusal = _("Bạn không phải đại biểu của khóa %(term)s nên không đăng ký câu hỏi chất vấn tại kỳ họp này.") % {
                "term": session.term.roman}
        else:
            ask_refusal = _("Kỳ họp đã bế mạc nên không đăng ký thêm câu hỏi chất vấn.")
    forms: dict[str, Any] = {}
    if may_record:
        tally = TallyForm(initial={"day": session.end}, prefix="vote")
        tally.fields["resolution"].queryset = selectors.session_resolutions_without_vote(session)  # type: ignore[attr-defined]
        units = selectors.council_units(session)
        # One answer form per open question, each with its own prefix so no two fields share an id.
        # A commitment becomes new work: it goes to a unit in force today, preset to the one that
        # now holds the duties of the unit the question was put to.
        today = clock.today()
        committing = selectors.commitment_units(session, on=today)
        answers = {}
        for open_question in selectors.questions_open(session):
            answer = AnswerForm(prefix=f"answer{open_question.pk}", initial={
                "answered_on": selectors.answer_day(session, open_question, today=today),
                "commitment_unit": selectors.commitment_unit_for(open_question, on=today),
            })
            answer.fields["commitment_unit"].queryset = committing  # type: ignore[attr-defined]
            answers[open_question.pk] = answer
        top = selectors.agenda_top_items(session)
        agenda = AgendaForm(prefix="agenda", initial={"order": selectors.session_agenda_items(session).count() + 1})
        agenda.fields["parent"].queryset = top  # type: ignore[attr-defined]
        agenda.fields["presenter_unit"].queryset = units  # type: ignore[attr-defined]
        upload = SessionDocumentForm(prefix="document")
        upload.fields["replaces"].queryset = selectors.documents_current(session)  # type: ignore[attr-defined]
        forms["sitting"] = SittingForm(prefix="sitting", initial={"day": session.start})
        forms["attendance_present"] = selectors.session_attendance_present(session)
        forms |= {"resolution": ResolutionForm(initial={"adopted_on": session.end}, prefix="resolution"), "tally": tally,
                  "answers": answers, "agenda": agenda, "document": upload}
    if may_ask:
        question = QuestionForm(prefix="question")
        question.fields["respondent_unit"].queryset = selectors.council_units(session)  # type: ignore[attr-defined]
        question.fields["follow_up_of"].queryset = selectors.earlier_questions(session)  # type: ignore[attr-defined]
        question.fields["follow_up_of"].label_from_instance = (  # type: ignore[attr-defined]
            lambda q: f"Kỳ họp thứ {q.session.number}: {q.respondent_title} — {q.text[:80]}")
        question.fields["respondent"].queryset = selectors.respondents(session)  # type: ignore[attr-defined]
        forms["question"] = question
    return {"may_record": may_record, "may_ask": may_ask, "ask_refusal": ask_refusal, "mandate": mandate, "forms": forms,
            "session_actions": session_actions(session) if may_record else [],
            "delegates": selectors.delegates_in_office(session.term, session.start) if may_record else []}


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.COUNCIL_RECORD):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    form.fields["term"].queryset = selectors.terms_recordable(user)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except PermissionDenied as exc:
            form.add_error("term", str(exc))
        else:
            messages.success(request, _("Đã tạo kỳ họp."))
            return redirect("session-detail", pk=session.pk)
    return render(request, "web/council/session_form.html", {"form": form})


# The session page's form each action posts, by the key `session_context` gives it.
FORM_KEYS = {"sitting": "sitting", "agenda": "agenda", "document": "document", "resolution": "resolution", "vote": "tally",
             "question": "question", "answer": "answers"}


def _bound(form_class: type[Any], request: HttpRequest, session: Session, prefix: str) -> dict[str, Any]:
    form = form_class(request.POST, request.FILES, prefix=prefix)
    request.__dict__["council_form"] = form  # shown again, as typed, if the action is refused
    choices: dict[str, Callable[[], QuerySet[Any]]] = {
        "parent": lambda: selectors.session_agenda_items(session), "replaces": lambda: selectors.session_documents_all(session),
        "presenter_unit": lambda: selectors.council_units(session), "respondent_unit": lambda: selectors.council_units(session),
        "commitment_unit": lambda: selectors.commitment_units(session, on=clock.today()), "respondent": selectors.people,
        "resolution": lambda: selectors.session_resolutions(session), "follow_up_of": lambda: selectors.earlier_questions(session),
    }
    for name, queryset in choices.items():
        if name in form.fields:
            form.fields[name].queryset = queryset()
    if not form.is_valid():
        raise DomainError(errors_text(form))
    data: dict[str, Any] = form.cleaned_data
    return data


def _act_open(user: User, session: Session, request: HttpRequest) -> str:
    session_set_state(actor=user, session=session, state=SessionState.OPEN)
    return _("Kỳ họp đang diễn ra.")


def _act_close(user: User, session: Session, request: HttpRequest) -> str:
    session_set_state(actor=user, session=session, state=SessionState.CLOSED)
    return _("Đã bế mạc kỳ họp.")


def _act_reopen(user: User, session: Session, request: HttpRequest) -> str:
    session_reopen(actor=user, session=session, reason=request.POST.get("reason", ""))
    return _("Đã mở lại kỳ họp; lý do đã được ghi vào nhật ký.")


def _act_resolution(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(ResolutionForm, request, session, "resolution")
    resolution_create(actor=user, council=session.term.council, session=session, **d)
    return _("Đã ghi nghị quyết.")


def _act_vote(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(TallyForm, request, session, "vote")
    event = vote_record_tally(actor=user, session=session, **d)
    if event.passed:
        return _("Đã ghi kết quả: THÔNG QUA (%(y)s/%(t)s đại biểu tán thành).") % {"y": event.yes, "t": event.total_delegates}
    return _("Đã ghi kết quả: KHÔNG THÔNG QUA (%(y)s/%(t)s tán thành, cần %(n)s).") % {"y": event.yes, "t": event.total_delegates, "n": event.threshold}


def _act_electronic(user: User, session: Session, request: HttpRequest) -> str:
    """Each delegate's choice as the voting system recorded it; a delegate left unmarked is absent."""
    motion = request.POST.get("motion", "")
    raw_day = request.POST.get("day", "")
    try:
        day = dt.datetime.strptime(raw_day, "%d/%m/%Y").date()
    except ValueError as exc:
        raise DomainError(_("Ngày biểu quyết không hợp lệ, nhập dạng dd/mm/yyyy.")) from exc
    choices: dict[int, VoteChoice] = {}
    for key, value in request.POST.items():
        if key.startswith("choice-") and key[7:].isdigit() and value in VoteChoice.values and value != VoteChoice.ABSENT:
            choices[int(key[7:])] = VoteChoice(value)
    raw_resolution = request.POST.get("resolution", "")
    resolution = selectors.session_resolutions(session).filter(pk=int(raw_resolution)).first() if raw_resolution.isdigit() else None
    event = vote_record_electronic(actor=user, session=session, motion=motion, day=day, choices=choices, resolution=resolution)
    verdict = _("THÔNG QUA") if event.passed else _("KHÔNG THÔNG QUA")
    return _("Đã ghi biểu quyết điện tử: %(v)s (%(y)s/%(t)s đại biểu tán thành).") % {"v": verdict, "y": event.yes, "t": event.total_delegates}


def _act_question(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(QuestionForm, request, session, "question")
    chosen = request.POST.get("asker", "")
    # Who asks, and whether a new respondent joins the register, is the service's to decide, in
    # the question's own transaction.
    asker = selectors.term_delegates(session.term).filter(pk=int(chosen)).first() if chosen.isdigit() else None
    questioning.question_submit(actor=user, session=session, asker=asker, respondent=d["respondent"], respondent_name=d["respondent_name"],
                                respondent_title=d["respondent_title"], respondent_unit=d["respondent_unit"], text=d["text"],
                                topic=d["topic"], follow_up_of=d.get("follow_up_of"))
    return _("Đã đăng ký câu hỏi chất vấn.")


def _act_answer(user: User, session: Session, request: HttpRequest) -> str:
    question_id = request.POST.get("question", "")
    question = selectors.question_in_session(session, int(question_id)) if question_id.isdigit() else None
    if question is None:
        raise DomainError(_("Không tìm thấy câu hỏi."))
    d = _bound(AnswerForm, request, session, f"answer{question.pk}")
    commitments = []
    if (d.get("commitment") or "").strip():
        commitments.append(questioning.CommitmentInput(d["commitment"], d.get("commitment_due"), d["commitment_unit"]))
    questioning.answer_record(actor=user, question=question, mode=AnswerMode(d["mode"]), text=d["text"], answered_on=d["answered_on"],
                              commitments=commitments)
    return _("Đã ghi câu trả lời; cam kết đã được giao thành nhiệm vụ để theo dõi.") if commitments else _("Đã ghi câu trả lời.")


def _act_agenda(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(AgendaForm, request, session, "agenda")
    agenda_add(actor=user, session=session, **d)
    return _("Đã thêm mục chương trình.")


def _act_document(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(SessionDocumentForm, request, session, "document")
    document = document_upload(actor=user, session=session, kind=d["kind"], title=d["title"], number=d["number"], upload=d["file"],
                               replaces=d.get("replaces"))
    return _("Đã tải lên tài liệu (phiên bản %(v)s).") % {"v": document.version}


def session_document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """Session papers are public, like the session itself."""
    document = selectors.session_document(pk, document_id)
    if document is None:
        raise Http404
    extension = "pdf" if document.content_type == "application/pdf" else "docx"
    return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                        filename=f"tai-lieu-{document.pk}-v{document.version}.{extension}")


def _act_sitting(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(SittingForm, request, session, "sitting")
    sitting_add(actor=user, session=session, **d)
    return _("Đã thêm phiên họp.")


def _sitting(session: Session, request: HttpRequest) -> Sitting:
    raw = request.POST.get("sitting", "")
    sitting = selectors.session_sitting(session, int(raw)) if raw.isdigit() else None
    if sitting is None:
        raise DomainError(_("Không tìm thấy phiên họp."))
    return sitting


def _act_attendance(user: User, session: Session, request: HttpRequest) -> str:
    sitting = _sitting(session, request)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    n = attendance_record(actor=user, sitting=sitting, present=present)
    return _("Đã ghi điểm danh: %(n)s đại biểu có mặt.") % {"n": n}


def _act_schedule(user: User, session: Session, request: HttpRequest) -> str:
    raw_q, raw_order = request.POST.get("question", ""), request.POST.get("order", "")
    question = selectors.question_in_session(session, int(raw_q)) if raw_q.isdigit() else None
    if question is None:
        raise DomainError(_("Không tìm thấy câu hỏi."))
    if not raw_order.isdigit() or not 1 <= int(raw_order) <= 999:
        raise DomainError(_("Thứ tự trả lời phải là số từ 1 đến 999."))
    questioning.question_schedule(actor=user, question=question, sitting=_sitting(session, request), order=int(raw_order))
    return _("Đã xếp lịch trả lời câu hỏi.")


SESSION_ACTIONS = {
    "sitting": _act_sitting, "attendance": _act_attendance, "schedule": _act_schedule, "electronic": _act_electronic,
    "agenda": _act_agenda, "document": _act_document,
    "open": _act_open, "close": _act_close, "reopen": _act_reopen, "resolution": _act_resolution, "vote": _act_vote,
    "question": _act_question, "answer": _act_answer,
}


def _confirm_question(action: str, session: Session) -> str:
    """Opening and closing a session cannot be undone (closing is only undone by a reopening with
    a reason in the audit trail), so they ask first."""
    if action == "open":
        return _("Khai mạc kỳ họp thứ %(n)s? Kỳ họp sẽ mở để biểu quyết và ghi chất vấn.") % {"n": session.number}
    if action == "close":
        return _("Bế mạc kỳ họp thứ %(n)s? Sau khi bế mạc, muốn ghi thêm phải mở lại kỳ họp và ghi rõ lý do.") % {"n": session.number}
    return ""


@login_required
@require_POST
def session_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    handler = SESSION_ACTIONS.get(action)
    session = selectors.session_get(pk)
    if handler is None or session is None:
        raise Http404
    question = _confirm_question(action, session)
    if question and may_record_for_council(user, session.term.council_id):
        asked = confirmation(request, question=question, back=reverse("session-detail", args=[session.pk]))
        if asked is not None:
            return asked
    try:
        messages.success(request, handler(user, session, request))
    except DomainError as exc:
        if action == "reopen":
            # The reason stays as typed, with the refusal next to it.
            return _render_session(request, session, reopen={"reason": request.POST.get("reason", ""), "error": exc.message})
        if action == "electronic":
            # Fifty typed choices are not lost to a mistyped date: the form comes back as typed.
            typed = {"motion": request.POST.get("motion", ""), "resolution": request.POST.get("resolution", ""),
                     "day": request.POST.get("day", ""), "error": exc.message,
                     "choices": {int(k[7:]): v for k, v in request.POST.items() if k.startswith("choice-") and k[7:].isdigit()}}
            return _render_session(request, session, electronic=typed)
        refused = request.__dict__.get("council_form")
        if action == "vote" and isinstance(refused, forms.Form) and exc.field not in refused.fields:
            # A tally that does not add up is said in the vote form itself, beside what was typed.
            refused.add_error(None, exc.message)
            return _render_session(request, session, refused=refused, failed=action)
        messages.error(request, exc.message)
        if action in FORM_KEYS and isinstance(refused, forms.Form):
            if exc.field in refused.fields and exc.field not in refused.errors:
                refused.add_error(exc.field, exc.message)
            return _render_session(request, session, refused=refused, failed=action)
    return redirect("session-detail", pk=session.pk)


def _questioning_session(request: HttpRequest, pk: int) -> Session:
    if not can(request.user, Action.COUNCIL_RECORD):
        raise PermissionDenied
    session = _session_or_404(pk)
    if not may_record_for_council(request.user, session.term.council_id):
        raise PermissionDenied
    return session


@login_required
def questioning_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft of the resolution on questioning (Nghị quyết về hoạt động chất vấn), in the Decree
    30/2020 layout, built from the session's answered questions and their commitments."""
    session = _questioning_session(request, pk)
    document = questioning.questioning_resolution(session, today=clock.today())
    return render(request, "web/council/questioning_resolution.html", {"session": session, "doc": document})


@login_required
def questioning_resolution_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The same draft as a Word file, for the office to number, edit and have signed."""
    session = _questioning_session(request, pk)
    document = questioning.questioning_resolution(session, today=clock.today())
    response = HttpResponse(decree30.to_docx(document), content_type=decree30.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="du-thao-nghi-quyet-chat-van-ky-hop-{session.number}.docx"'
    return response


# --- Delegate groups (tổ đại biểu) ---------------------------------------------------------------


def _may_record_for(user: Any, term: Term) -> bool:
    return may_record_for_council(user, term.council_id)


def term_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """A term's delegate groups with who sits in each today (or on the term's last day), who sat
    there before, and for the secretariat the forms to change them. Public, like the delegates."""
    term = selectors.term_get(pk)
    if term is None:
        raise Http404
    day = selectors.as_of(term, clock.today())
    may_record = _may_record_for(request.user, term)
    context: dict[str, Any] = {
        "term": term, "day": day, "may_record": may_record, "groups": selectors.groups_of_term(term, day=day),
        "unplaced": selectors.delegates_without_group(term, day=day), "terms": selectors.council_terms(term.council_id),
    }
    if may_record:
        in_office = selectors.delegates_in_office(term, day)
        current = {m.delegate_id: v.group for v in context["groups"] for m in v.current}
        context["new_group"] = GroupForm(prefix="group")
        context["member_choices"] = [(d, current.get(d.pk)) for d in in_office]
        # A leaving date offered only when today is inside the term: a past term's last day (2021)
        # would be a guess that one click records as fact.
        context["leave_default"] = day if day == clock.today() else None
    return render(request, "web/council/term_groups.html", context)


def _group(term: Term, request: HttpRequest) -> DelegateGroup:
    raw = request.POST.get("group", "")
    group = selectors.term_group(term, int(raw)) if raw.isdigit() else None
    if group is None:
        raise DomainError(_("Không tìm thấy tổ đại biểu."))
    return group


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise DomainError(errors_text(form))
    data: dict[str, Any] = form.cleaned_data
    return data


def _grp_create(user: User, term: Term, request: HttpRequest) -> str:
    d = _valid(GroupForm(request.POST, prefix="group"))
    group = groups.group_create(actor=user, term=term, name=d["name"], constituency=d["constituency"])
    return _("Đã lập %(g)s.") % {"g": group.name}


def _grp_rename(user: User, term: Term, request: HttpRequest) -> str:
    group = _group(term, request)
    d = _valid(GroupForm(request.POST, prefix=f"rename{group.pk}"))
    group = groups.group_rename(actor=user, group=group, name=d["name"], constituency=d["constituency"])
    return _("Đã đổi tên tổ thành “%(g)s”.") % {"g": group.name}


def _grp_add(user: User, term: Term, request: HttpRequest) -> str:
    group = _group(term, request)
    form = GroupMemberForm(request.POST, prefix=f"add{group.pk}")
    form.fields["delegate"].queryset = selectors.term_delegates(term)  # type: ignore[attr-defined]
    d = _valid(form)
    membership = groups.group_member_add(actor=user, group=group, delegate=d["delegate"], start=d["start"])
    return _("Đã thêm %(d)s vào %(g)s từ ngày %(s)s.") % {"d": membership.delegate, "g": group.name, "s": f"{membership.start:%d/%m/%Y}"}


def _grp_remove(user: User, term: Term, request: HttpRequest) -> str:
    raw = request.POST.get("membership", "")
    membership = selectors.term_membership(term, int(raw)) if raw.isdigit() else None
    if membership is None:
        raise DomainError(_("Không tìm thấy thành viên của tổ."))
    d = _valid(GroupLeaveForm(request.POST, prefix=f"leave{membership.pk}"))
    membership = groups.group_member_remove(actor=user, membership=membership, end=d["end"])
    return _("%(d)s rời %(g)s sau ngày %(e)s; lịch sử vẫn được lưu.") % {
        "d": membership.delegate, "g": membership.group.name, "e": f"{d['end']:%d/%m/%Y}"}


GROUP_ACTIONS = {"create": _grp_create, "rename": _grp_rename, "add": _grp_add, "remove": _grp_remove}


@login_required
@require_POST
def term_groups_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    handler = GROUP_ACTIONS.get(action)
    term = selectors.term_get(pk)
    if handler is None or term is None:
        raise Http404
    require_council_record(user, term)
    try:
        messages.success(request, handler(user, term, request))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("term-groups", pk=term.pk)


# --- Votes from the hall's voting system ---------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VOTE_IMPORT_TTL = 3600  # a preview waits an hour for confirmation


def _recording_session(request: HttpRequest, pk: int) -> Session:
    session = _session_or_404(pk)
    require_council_record(current_user(request), session.term)
    return session


def _vote_day(session: Session) -> dt.date:
    today = clock.today()
    return today if session.start <= today <= session.end else session.end


@login_required
@require_http_methods(["GET", "POST"])
def vote_import_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the voting system's export; see what it would record; confirm. Nothing is written
    until the confirmation, and then all of it or nothing."""
    user = current_user(request)
    session = _recording_session(request, pk)
    token = request.POST.get("confirm", "")
    initial = {"day": _vote_day(session)}
    form = VoteImportForm(initial=initial) if token else VoteImportForm(request.POST or None, request.FILES or None, initial=initial)
    context: dict[str, Any] = {"session": session, "form": form, "max_mb": vote_import.MAX_BYTES // (1024 * 1024)}
    if request.method == "POST" and token:
        key = f"vote-import:{user.pk}:{session.pk}:{token}"
        saved = cache.get(key)
        if saved is None:
            messages.error(request, _("Bản xem trước đã hết hạn hoặc đã được ghi. Hãy tải tệp lên lại."))
            return redirect("vote-import", pk=session.pk)
        result = vote_import.import_votes(saved["data"], actor=user, session=session, motion=saved["motion"],
                                          day=dt.date.fromisoformat(saved["day"]))
        if result.recorded:
            cache.delete(key)
            passed = sum(1 for m in result.motions if m.passed)
            messages.success(request, _("Đã ghi kết quả biểu quyết điện tử của %(n)s nội dung (%(p)s thông qua).") % {
                "n": len(result.motions), "p": passed})
            return redirect("session-detail", pk=session.pk)
        context["result"] = result  # something changed since the preview (say the session was closed)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(vote_import.MAX_BYTES + 1)
        motion, day = form.cleaned_data["motion"] or "", form.cleaned_data["day"]
        result = vote_import.import_votes(data, actor=user, session=session, motion=motion, day=day, preview=True)
        if result.ok:
            context["token"] = secrets.token_urlsafe(16)
            cache.set(f"vote-import:{user.pk}:{session.pk}:{context['token']}", {"data": data, "motion": motion, "day": day.isoformat()},
                      VOTE_IMPORT_TTL)
        context["result"] = result
    return render(request, "web/council/vote_import.html", context)


@login_required
def vote_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recording_session(request, pk)
    response = HttpResponse(vote_import.import_template(session, day=_vote_day(session)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-bieu-quyet-ky-hop-{session.number}.xlsx"'
    return response
