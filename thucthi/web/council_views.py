"""Public council pages: a session with its votes and questioning, a delegate, a respondent."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import decree30, groups, questioning, vote_import
from thucthi.council.access import require_council_record
from thucthi.council.documents import agenda_add, agenda_tree, document_upload, documents_current
from thucthi.council.models import (
    AnswerMode,
    Attendance,
    Delegate,
    DelegateGroup,
    GroupMembership,
    Question,
    QuestionState,
    Session,
    SessionDocument,
    SessionState,
    Sitting,
    Term,
    Vote,
    VoteChoice,
)
from thucthi.council.questioning import commitments_follow_up, questions_of
from thucthi.council.services import (
    attendance_record,
    delegates_in_office,
    resolution_create,
    session_create,
    session_set_state,
    sitting_add,
    vote_record_electronic,
    vote_record_tally,
)
from thucthi.orgs.models import Person, Unit
from thucthi.orgs.services import person_create
from thucthi.web.common import current_user, errors_text
from thucthi.web.council_forms import (
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
from thucthi.web.task_forms import ASSIGNABLE_KINDS


def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.select_related("term__council").filter(pk=pk).first()
    if session is None:
        raise Http404
    today = clock.today()
    q = request.GET.get("q", "")
    sittings = session.sittings.annotate(
        n_present=Count("attendance", filter=Q(attendance__present=True)), n_recorded=Count("attendance"),
    ).order_by("day", "id")
    return render(request, "web/session.html", {
        "sittings": sittings,
        "session": session, "agenda": agenda_tree(session), "documents": documents_current(session, q), "doc_query": q,
        "resolutions": session.resolutions.select_related("vote_event").order_by("number"),
        "vote_events": session.vote_events.prefetch_related("votes__delegate__person").order_by("day", "id"),
        "questions": questions_of(session),
        "follow_up": commitments_follow_up(session, today=today),
        "today": today,
        "groups": groups.groups_of_term(session.term, day=session.start),
        **session_context(request, session),
    })


def delegate_page(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = Delegate.objects.select_related("person", "term__council").filter(pk=pk).first()
    if delegate is None:
        raise Http404
    memberships = list(delegate.group_memberships.select_related("group").order_by("start", "id"))
    day = groups.as_of(delegate.term, clock.today())
    group = next((m for m in memberships if m.current_on(day)), None) if delegate.in_office_on(day) else None
    attendance = delegate.attendance.aggregate(total=Count("id"), present=Count("id", filter=Q(present=True)))
    votes = Vote.objects.filter(delegate=delegate).select_related("vote_event__session").order_by("-vote_event__day", "id")
    asked = Question.objects.filter(asker=delegate).select_related("session", "respondent", "answer").order_by("-registered_on", "id")
    return render(request, "web/delegate.html", {"delegate": delegate, "attendance": attendance, "votes": votes, "asked": asked,
                                                 "group": group, "memberships": memberships})


def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: positions over time, and as a respondent the questions answered and commitments."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    today = clock.today()
    questions = (
        Question.objects.filter(respondent=person).select_related("session__term__council", "asker__person", "answer")
        .prefetch_related("answer__commitments__task").order_by("-registered_on", "id")
    )
    return render(request, "web/person.html", {
        "person": person, "positions": person.positions.select_related("unit").order_by("-start", "id"),
        "mandates": person.mandates.select_related("term__council"), "questions": questions, "today": today,
    })


# --- The secretariat's and delegates' actions ----------------------------------------------------


def _council_units(session: Session) -> Any:
    """Units that answer to this council: its province's agencies in force during the session."""
    area_id = session.term.council.area_id
    return (
        Unit.objects.valid_on(session.start).filter(kind__in=ASSIGNABLE_KINDS)
        .filter(Q(area_id=area_id) | Q(area__parent_id=area_id)).order_by("kind", "sort_key")
    )


def earlier_questions(session: Session) -> Any:
    """Questions of the same council's earlier sessions, which a new question may ask again."""
    return (
        Question.objects.filter(session__term__council=session.term.council, session__start__lt=session.start)
        .select_related("session").order_by("-session__start", "order", "id")
    )


def session_context(request: HttpRequest, session: Session) -> dict[str, Any]:
    """The forms the signed-in user may use on the session page."""
    user = request.user
    may_record = can(user, Action.COUNCIL_RECORD)
    mandate = None
    if isinstance(user, User) and user.person_id:
        mandate = Delegate.objects.filter(term=session.term, person_id=user.person_id).first()
    may_ask = can(user, Action.QUESTION_REGISTER) and (may_record or mandate is not None) and session.state != SessionState.CLOSED
    forms: dict[str, Any] = {}
    if may_record:
        tally = TallyForm(initial={"day": session.end}, prefix="vote")
        tally.fields["resolution"].queryset = session.resolutions.filter(vote_event__isnull=True)  # type: ignore[attr-defined]
        # One answer form per open question, each with its own prefix so no two fields share an id.
        answers = {}
        for open_question in session.questions.exclude(state=QuestionState.ANSWERED):
            answer = AnswerForm(initial={"answered_on": session.start}, prefix=f"answer{open_question.pk}")
            answer.fields["commitment_unit"].queryset = _council_units(session)  # type: ignore[attr-defined]
            answers[open_question.pk] = answer
        agenda = AgendaForm(prefix="agenda", initial={"order": session.agenda.count() + 1})
        agenda.fields["parent"].queryset = session.agenda.filter(parent__isnull=True)  # type: ignore[attr-defined]
        agenda.fields["presenter_unit"].queryset = _council_units(session)  # type: ignore[attr-defined]
        upload = SessionDocumentForm(prefix="document")
        upload.fields["replaces"].queryset = documents_current(session)  # type: ignore[attr-defined]
        forms["sitting"] = SittingForm(prefix="sitting", initial={"day": session.start})
        forms["attendance_present"] = set(Attendance.objects.filter(sitting__session=session, present=True).values_list("sitting_id", "delegate_id"))
        forms |= {"resolution": ResolutionForm(initial={"adopted_on": session.end}, prefix="resolution"), "tally": tally,
                  "answers": answers, "agenda": agenda, "document": upload}
    if may_ask:
        question = QuestionForm(prefix="question")
        question.fields["respondent_unit"].queryset = _council_units(session)  # type: ignore[attr-defined]
        question.fields["follow_up_of"].queryset = earlier_questions(session)  # type: ignore[attr-defined]
        question.fields["follow_up_of"].label_from_instance = (  # type: ignore[attr-defined]
            lambda q: f"Kỳ họp thứ {q.session.number}: {q.respondent_title} — {q.text[:80]}")
        question.fields["respondent"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            positions__unit__in=_council_units(session), positions__role="head").distinct().order_by("sort_key")
        forms["question"] = question
    return {"may_record": may_record, "may_ask": may_ask, "mandate": mandate, "forms": forms,
            "delegates": delegates_in_office(session.term, session.start) if may_record else []}


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.COUNCIL_RECORD):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    terms = Term.objects.select_related("council").order_by("-start_year")
    if user.unit is not None and user.role != "admin":
        terms = terms.filter(council__area_id=user.unit.area_id)
    form.fields["term"].queryset = terms  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(actor=user, **form.cleaned_data)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Đã tạo kỳ họp."))
            return redirect("session-detail", pk=session.pk)
    return render(request, "web/session_form.html", {"form": form})


def _bound(form_class: type[Any], request: HttpRequest, session: Session, prefix: str) -> dict[str, Any]:
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if "parent" in form.fields:
        form.fields["parent"].queryset = session.agenda.all()
    if "replaces" in form.fields:
        form.fields["replaces"].queryset = session.documents.all()
    if "presenter_unit" in form.fields:
        form.fields["presenter_unit"].queryset = _council_units(session)
    for name in ("respondent_unit", "commitment_unit"):
        if name in form.fields:
            form.fields[name].queryset = _council_units(session)
    if "respondent" in form.fields:
        form.fields["respondent"].queryset = Person.objects.all()
    if "resolution" in form.fields:
        form.fields["resolution"].queryset = session.resolutions.all()
    if "follow_up_of" in form.fields:
        form.fields["follow_up_of"].queryset = earlier_questions(session)
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
    resolution = session.resolutions.filter(pk=int(raw_resolution)).first() if raw_resolution.isdigit() else None
    event = vote_record_electronic(actor=user, session=session, motion=motion, day=day, choices=choices, resolution=resolution)
    verdict = _("THÔNG QUA") if event.passed else _("KHÔNG THÔNG QUA")
    return _("Đã ghi biểu quyết điện tử: %(v)s (%(y)s/%(t)s đại biểu tán thành).") % {"v": verdict, "y": event.yes, "t": event.total_delegates}


def _act_question(user: User, session: Session, request: HttpRequest) -> str:
    d = _bound(QuestionForm, request, session, "question")
    chosen = request.POST.get("asker", "")
    if user.role == "delegate" or not chosen.isdigit():
        asker = Delegate.objects.filter(term=session.term, person_id=user.person_id or 0).first()
    else:
        asker = Delegate.objects.filter(term=session.term, pk=int(chosen)).first()
    if asker is None:
        raise DomainError(_("Bạn không phải đại biểu của khóa này; không đăng ký được câu hỏi."))
    respondent = d["respondent"] or Person.objects.filter(full_name=d["respondent_name"].strip()).first() or person_create(
        actor=None, full_name=d["respondent_name"])
    questioning.question_register(actor=user, session=session, asker=asker, respondent=respondent, respondent_title=d["respondent_title"],
                                  respondent_unit=d["respondent_unit"], text=d["text"], topic=d["topic"], follow_up_of=d.get("follow_up_of"))
    return _("Đã đăng ký câu hỏi chất vấn.")


def _act_answer(user: User, session: Session, request: HttpRequest) -> str:
    question_id = request.POST.get("question", "")
    question = Question.objects.filter(session=session, pk=int(question_id)).first() if question_id.isdigit() else None
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
    document = SessionDocument.objects.filter(session_id=pk, pk=document_id).first()
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
    sitting = Sitting.objects.filter(session=session, pk=int(raw)).first() if raw.isdigit() else None
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
    question = Question.objects.filter(session=session, pk=int(raw_q)).first() if raw_q.isdigit() else None
    if question is None:
        raise DomainError(_("Không tìm thấy câu hỏi."))
    if not raw_order.isdigit() or not 1 <= int(raw_order) <= 999:
        raise DomainError(_("Thứ tự trả lời phải là số từ 1 đến 999."))
    questioning.question_schedule(actor=user, question=question, sitting=_sitting(session, request), order=int(raw_order))
    return _("Đã xếp lịch trả lời câu hỏi.")


SESSION_ACTIONS = {
    "sitting": _act_sitting, "attendance": _act_attendance, "schedule": _act_schedule, "electronic": _act_electronic,
    "agenda": _act_agenda, "document": _act_document,
    "open": _act_open, "close": _act_close, "resolution": _act_resolution, "vote": _act_vote,
    "question": _act_question, "answer": _act_answer,
}


@login_required
@require_POST
def session_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    handler = SESSION_ACTIONS.get(action)
    session = Session.objects.select_related("term__council").filter(pk=pk).first()
    if handler is None or session is None:
        raise Http404
    try:
        messages.success(request, handler(user, session, request))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("session-detail", pk=session.pk)


def _questioning_session(request: HttpRequest, pk: int) -> Session:
    if not can(request.user, Action.COUNCIL_RECORD):
        raise PermissionDenied
    session = Session.objects.select_related("term__council__area").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


@login_required
def questioning_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft of the resolution on questioning (Nghị quyết về hoạt động chất vấn), in the Decree
    30/2020 layout, built from the session's answered questions and their commitments."""
    session = _questioning_session(request, pk)
    document = questioning.questioning_resolution(session, today=clock.today())
    return render(request, "web/questioning_resolution.html", {"session": session, "doc": document})


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
    if not can(user, Action.COUNCIL_RECORD):
        return False
    try:
        require_council_record(user, term)
    except PermissionDenied:
        return False
    return True


def term_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """A term's delegate groups with who sits in each today (or on the term's last day), who sat
    there before, and for the secretariat the forms to change them. Public, like the delegates."""
    term = Term.objects.select_related("council").filter(pk=pk).first()
    if term is None:
        raise Http404
    day = groups.as_of(term, clock.today())
    may_record = _may_record_for(request.user, term)
    context: dict[str, Any] = {
        "term": term, "day": day, "may_record": may_record, "groups": groups.groups_of_term(term, day=day),
        "unplaced": groups.delegates_without_group(term, day=day),
        "terms": Term.objects.filter(council=term.council).order_by("-number"),
    }
    if may_record:
        in_office = delegates_in_office(term, day)
        current = {m.delegate_id: v.group for v in context["groups"] for m in v.current}
        context["new_group"] = GroupForm(prefix="group")
        context["member_choices"] = [(d, current.get(d.pk)) for d in in_office]
    return render(request, "web/term_groups.html", context)


def _group(term: Term, request: HttpRequest) -> DelegateGroup:
    raw = request.POST.get("group", "")
    group = DelegateGroup.objects.filter(term=term, pk=int(raw)).select_related("term").first() if raw.isdigit() else None
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
    form.fields["delegate"].queryset = Delegate.objects.filter(term=term)  # type: ignore[attr-defined]
    d = _valid(form)
    membership = groups.group_member_add(actor=user, group=group, delegate=d["delegate"], start=d["start"])
    return _("Đã thêm %(d)s vào %(g)s từ ngày %(s)s.") % {"d": membership.delegate, "g": group.name, "s": f"{membership.start:%d/%m/%Y}"}


def _grp_remove(user: User, term: Term, request: HttpRequest) -> str:
    raw = request.POST.get("membership", "")
    membership = (
        GroupMembership.objects.filter(group__term=term, pk=int(raw)).select_related("group__term", "delegate__person").first()
        if raw.isdigit() else None
    )
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
    term = Term.objects.select_related("council").filter(pk=pk).first()
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
    session = Session.objects.select_related("term__council").filter(pk=pk).first()
    if session is None:
        raise Http404
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
    return render(request, "web/vote_import.html", context)


@login_required
def vote_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recording_session(request, pk)
    response = HttpResponse(vote_import.import_template(session, day=_vote_day(session)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-bieu-quyet-ky-hop-{session.number}.xlsx"'
    return response
