"""Task pages: the hub (inbox, issued board, coordination, all), the create and edit forms,
the task page with its timeline, and one POST endpoint per workflow action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, can, require, task_hub_default_view
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.articles import resolution_task_create
from thucthi.tasks import selectors, services
from thucthi.tasks.attachments import content_type, download_name
from thucthi.tasks.models import (
    CoordinationRequest,
    DeadlineKind,
    Decision,
    ExtensionRequest,
    ProgressReport,
    ReviewState,
    State,
    Status,
    Task,
)
from thucthi.tasks.six_clears import CLEARS
from thucthi.web.common import current_user, errors_text
from thucthi.web.confirm import confirmation
from thucthi.web.council.resolutions import resolution_from_query, task_prefill
from thucthi.web.tasks.forms import (
    AnswerForm,
    CoordinationRequestForm,
    ExtensionForm,
    NoteForm,
    ProgressForm,
    ReasonForm,
    ReassignForm,
    TaskFilterForm,
    TaskForm,
)

T = TypeVar("T")
VIEWS = ("mine", "inbox", "issued", "coordination", "all")




@login_required
def task_hub(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_VIEW):
        raise PermissionDenied
    today = clock.today()
    may_issue = can(user, Action.TASK_CREATE)
    default = task_hub_default_view(user)
    view = request.GET.get("view", default)
    if view not in VIEWS:
        view = default
    form = TaskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"q": "", "status": ""}
    counts: dict[str, int] = {}
    coordination = None
    q, status = filters.get("q") or "", filters.get("status") or ""
    page = None
    if view == "inbox" and not q:  # the page opened most, through its compiled statement
        page = selectors.inbox_page(user, today=today, status=status, number=request.GET.get("page") or 1)
    if view == "coordination":
        coordination = selectors.coordination_inbox(user)
        page = selectors.task_page(Task.objects.none(), 1, short=True)
    elif page is None:
        qs = selectors.tasks_for_view(user, view, today=today, q=q, status=status)
        page = selectors.task_page(qs, request.GET.get("page"), short=view in selectors.SHORT_VIEWS)
    if view == "issued":
        by_status = selectors.status_counts(selectors.issued_tasks(user, today=today))
        counts = {s.value: by_status.get(s.value, 0) for s in Status}
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/tasks/hub.html", {
        "view": view, "views": VIEWS, "page": page, "form": form, "counts": counts, "coordination": coordination,
        "may_issue": may_issue, "query": query.urlencode(), "today": today, "statuses": Status,
    })


def _coordinations(form: TaskForm) -> list[services.CoordinationInput]:
    duty = form.cleaned_data.get("coordination_duty") or ""
    return [services.CoordinationInput(unit=u, duty=duty) for u in form.cleaned_data.get("coordinating") or []]


def _task_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("deadline_kind") or DeadlineKind.DATE
    return {
        "description": data.get("description") or "",
        "responsible": data.get("responsible"),
        "accepting_unit": data.get("accepting_unit"),
        "expected_product": data.get("expected_product") or "",
        "product_kind": data.get("product_kind") or "",
        "deadline_kind": kind,
        "deadline": data.get("deadline") if kind in (DeadlineKind.DATE, DeadlineKind.RECURRING) else None,
        "working_days": data.get("working_days") if kind == DeadlineKind.WORKING_DAYS else None,
        "recurrence": (data.get("recurrence") or "") if kind == DeadlineKind.RECURRING else "",
        "recurrence_until": data.get("recurrence_until") if kind == DeadlineKind.RECURRING else None,
        "no_deadline_reason": (data.get("no_deadline_reason") or "") if kind == DeadlineKind.NONE else "",
        "inactivity_days": data.get("inactivity_days") if kind == DeadlineKind.NONE else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_CREATE):
        raise PermissionDenied
    today = clock.today()
    document = selectors.issued_document(request.GET.get("document") or request.POST.get("document") or 0)
    initial: dict[str, Any] = {"document": document.pk, "issuer": document.issuer} if document else {}
    from_resolution = None if document else resolution_from_query(request.GET.get("resolution"))
    if from_resolution is not None:  # "Giao nhiệm vụ từ điều này" on a resolution's page
        initial |= task_prefill(from_resolution, request.GET.get("article"))
    form = TaskForm(request.POST or None, user=user, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lead = data.get("lead_unit")
        if lead is None:
            form.add_error("lead_unit", _("Cần chọn cơ quan chủ trì."))
        else:
            # "Giao nhiệm vụ" creates and issues in one service, as POST /api/v1/tasks with issue=true:
            # a task short of one of the six clears is refused whole, nothing saved, the form kept.
            # A draft is saved only by its own button.
            issue = request.POST.get("submit") == "issue"
            resolution = None if document else data.get("resolution")
            try:
                if resolution is not None:
                    # A task made from a resolution (or one of its articles): the council's service refuses
                    # a resolution whose vote failed, then creates the task as below.
                    task = resolution_task_create(
                        actor=user, resolution=resolution, title=data["title"], issuer=data["issuer"], lead_unit=lead,
                        source_ref=data.get("source_ref") or "", coordinations=_coordinations(form), issue=issue, **_task_fields(data),
                    )
                else:
                    task = services.task_create(
                        actor=user, title=data["title"], issuer=data["issuer"], lead_unit=lead, source=document,
                        source_ref=data.get("source_ref") or "", coordinations=_coordinations(form), issue=issue, **_task_fields(data),
                    )
            except (DomainError, PermissionDenied) as exc:
                field = {"source": "resolution"}.get(getattr(exc, "field", None) or "", getattr(exc, "field", None))
                form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, _("Đã giao nhiệm vụ.") if issue else _("Đã lưu dự thảo."))
                return redirect("task-detail", pk=task.pk)
    source = getattr(form, "cleaned_data", {}).get("resolution") if form.is_bound else from_resolution
    return render(request, "web/tasks/form.html", {"form": form, "clears": CLEARS, "editing": None, "document": document,
                                                   "source_resolution": source})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    today = clock.today()
    task = selectors.task_detail(user, pk, today=today)
    if task is None:
        raise Http404
    if not can(user, Action.TASK_MANAGE, task):
        raise PermissionDenied
    initial = {
        "title": task.title, "description": task.description, "issuer": task.issuer, "lead_unit": task.lead_unit,
        "responsible": task.responsible, "accepting_unit": task.accepting_unit, "expected_product": task.expected_product,
        "product_kind": task.product_kind, "deadline_kind": task.deadline_kind, "deadline": task.deadline,
        "working_days": task.working_days, "no_deadline_reason": task.no_deadline_reason, "inactivity_days": task.inactivity_days,
        "recurrence": task.recurrence, "recurrence_until": task.recurrence_until,
    }
    form = TaskForm(request.POST or None, user=user, today=today, initial=initial)
    form.fields["issuer"].disabled = True
    form.fields["lead_unit"].disabled = True
    # Who answers for the task: a person of its lead unit (another unit: "Giao lại cho đơn vị khác").
    form.fields["responsible"].queryset = selectors.responsible_choices([task.lead_unit_id], today, keep=task.responsible_id)  # type: ignore[attr-defined]
    form.keep_responsible = task.responsible_id
    for name in ("coordinating", "coordination_duty", "document", "source_ref"):
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            services.task_update(actor=user, task=task, expected_version=version, title=form.cleaned_data["title"], **_task_fields(form.cleaned_data))
        except (DomainError, PermissionDenied) as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("task-detail", pk=task.pk)
    return render(request, "web/tasks/form.html", {"form": form, "clears": CLEARS, "editing": task})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    task = selectors.task_detail(user, pk, today=clock.today())
    if task is None:
        raise Http404
    return _render_detail(request, user, task)


def _render_detail(request: HttpRequest, user: User, task: Task, *, failed: dict[str, forms.Form] | None = None) -> HttpResponse:
    """The task page; `failed` holds a submitted form refused, shown open with its errors and what was typed."""
    today = clock.today()
    failed = failed or {}
    may = {
        "manage": can(user, Action.TASK_MANAGE, task),
        "work": can(user, Action.TASK_WORK, task),
        "review": can(user, Action.TASK_REVIEW_PROGRESS, task),
        "accept": can(user, Action.TASK_ACCEPT, task),
    }
    may["edit"] = may["manage"] and task.state in (State.DRAFT, State.ISSUED, State.RETURNED)
    may["remind"] = can(user, Action.TASK_REMIND, task) and services.remind_due(task)
    may["reassign"] = may["manage"] and task.state == State.RETURNED
    coordination_form = CoordinationRequestForm()
    coordination_form.fields["to_unit"].queryset = selectors.coordinating_units(task)  # type: ignore[attr-defined]
    answerable = [r for r in task.coordination_requests.all() if r.answered_on is None and can(user, Action.COORDINATION_ANSWER, r)]
    return render(request, "web/tasks/detail.html", {
        "task": task, "may": may, "today": today, "State": State, "statuses": Status,
        "missing": services.missing_clears(task), "clears": CLEARS,
        "subtasks": selectors.subtasks(task, today=today),
        "responsible_now": selectors.responsible_now(task, today=today),
        "pending_reports": [r for r in task.progress_reports.all() if r.review == ReviewState.PENDING],
        "pending_extension": next((x for x in task.extension_requests.all() if x.decision == Decision.PENDING), None),
        "answerable": answerable,
        "forms": {
            "progress": ProgressForm(), "extension": ExtensionForm(), "coordination": coordination_form,
            "reason": ReasonForm(), "note": NoteForm(), "answer": AnswerForm(),
            "reassign": ReassignForm(user=user, today=today, exclude=task.lead_unit_id) if may["reassign"] else None,
            **failed,
        },
        "failed": next(iter(failed), ""),
    })


Handler = Callable[[User, Task, HttpRequest], str]


def _form(form_class: type[forms.Form], request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        raise DomainError(errors_text(form))
    return form.cleaned_data


def _found(item: T | None) -> T:
    """The row a POST names, or a 404."""
    if item is None:
        raise Http404
    return item


def _report(task: Task, request: HttpRequest) -> ProgressReport:
    return _found(selectors.task_report(task, request.POST.get("report")))


def _extension(task: Task, request: HttpRequest) -> ExtensionRequest:
    return _found(selectors.task_extension(task, request.POST.get("extension")))


def _coordination(task: Task, request: HttpRequest) -> CoordinationRequest:
    return _found(selectors.task_coordination_request(task, request.POST.get("request")))


def _coordination_data(user: User, task: Task, request: HttpRequest) -> str:
    form = CoordinationRequestForm(request.POST)
    form.fields["to_unit"].queryset = selectors.coordinating_units(task)  # type: ignore[attr-defined]
    if not form.is_valid():
        raise DomainError(errors_text(form))
    d = form.cleaned_data
    services.coordination_request(actor=user, task=task, to_unit=d["to_unit"], message=d["message"], due_on=d["due_on"])
    return _("Đã gửi đề nghị phối hợp.")


def _progress(user: User, task: Task, request: HttpRequest) -> forms.Form | str:
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_submit(actor=user, task=task, **form.cleaned_data)
        except DomainError as exc:
            if exc.field not in form.fields:
                raise  # about the task, not the form (it may be gone from the page): said at the top
            form.add_error(exc.field, exc.message)
        else:
            return _("Đã gửi báo cáo tiến độ.")
    return form


def _reassign(user: User, task: Task, request: HttpRequest) -> forms.Form | str:
    if not can(user, Action.TASK_MANAGE, task):
        raise PermissionDenied
    form = ReassignForm(request.POST, user=user, today=clock.today(), exclude=task.lead_unit_id)
    if form.is_valid():
        d = form.cleaned_data
        changes: dict[str, Any] = {"lead_unit": d["lead_unit"]}
        if d.get("responsible") is not None:
            changes["responsible"] = d["responsible"]
        try:
            services.task_update(actor=user, task=task, expected_version=task.version, reason=d["reason"], **changes)
        except DomainError as exc:
            if exc.field not in form.fields:
                raise  # about the task, not the form (it may be gone from the page): said at the top
            form.add_error(exc.field, exc.message)
        else:
            return _("Đã giao lại nhiệm vụ cho %(unit)s.") % {"unit": d["lead_unit"].name}
    return form


FORM_ACTIONS: dict[str, Callable[[User, Task, HttpRequest], forms.Form | str]] = {"progress": _progress, "reassign": _reassign}
"""Actions whose refusal shows the form again, open, with each error next to its field and what was typed."""


ACTIONS: dict[str, Handler] = {
    "issue": lambda u, t, r: (services.task_issue(actor=u, task=t), _("Đã giao nhiệm vụ."))[1],
    "receive": lambda u, t, r: (services.task_receive(actor=u, task=t), _("Đã tiếp nhận nhiệm vụ."))[1],
    "return": lambda u, t, r: (services.task_return(actor=u, task=t, reason=_form(ReasonForm, r)["reason"]), _("Đã trả lại nhiệm vụ."))[1],
    "review": lambda u, t, r: (
        services.progress_review(actor=u, report=_report(t, r), approve=r.POST.get("approve") == "1", note=_form(NoteForm, r)["note"]),
        _("Đã duyệt báo cáo.") if r.POST.get("approve") == "1" else _("Đã trả lại báo cáo để đơn vị bổ sung."),
    )[1],
    "request-completion": lambda u, t, r: (services.completion_request(actor=u, task=t, note=_form(NoteForm, r)["note"]), _("Đã đề nghị công nhận hoàn thành."))[1],
    "decide-completion": lambda u, t, r: (
        services.completion_decide(actor=u, task=t, accept=r.POST.get("accept") == "1", note=_form(NoteForm, r)["note"]),
        _("Đã ghi quyết định."),
    )[1],
    "extension": lambda u, t, r: (services.extension_request(actor=u, task=t, **_form(ExtensionForm, r)), _("Đã gửi đề nghị gia hạn."))[1],
    "decide-extension": lambda u, t, r: (
        services.extension_decide(actor=u, request=_extension(t, r), approve=r.POST.get("approve") == "1", note=_form(NoteForm, r)["note"]),
        _("Đã ghi quyết định gia hạn."),
    )[1],
    "coordination": _coordination_data,
    "answer": lambda u, t, r: (
        services.coordination_answer(actor=u, request=_coordination(t, r), answer=_form(AnswerForm, r)["answer"]),
        _("Đã gửi trả lời."),
    )[1],
    "remind": lambda u, t, r: (services.task_remind(actor=u, task=t, note=r.POST.get("note", "")[:500]), _("Đã nhắc việc đơn vị chủ trì."))[1],
    "cancel": lambda u, t, r: (services.task_cancel(actor=u, task=t, reason=_form(ReasonForm, r)["reason"]), _("Đã hủy nhiệm vụ."))[1],
}


@login_required
@require_POST
def task_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    handler = ACTIONS.get(action)
    if handler is None and action not in FORM_ACTIONS:
        raise Http404
    task = selectors.task_detail(user, pk, today=clock.today())
    if task is None:
        raise Http404
    if action == "cancel" and can(user, Action.TASK_MANAGE, task):
        # A cancelled task cannot be brought back: ask, even without JavaScript.
        question = _("Hủy nhiệm vụ “%(t)s”? Nhiệm vụ đã hủy không khôi phục được.") % {"t": task.title}
        asked = confirmation(request, question=question, back=reverse("task-detail", args=[task.pk]))
        if asked is not None:
            return asked
    if action in FORM_ACTIONS:
        try:
            outcome = FORM_ACTIONS[action](user, task, request)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("task-detail", pk=task.pk)
        if isinstance(outcome, str):
            messages.success(request, outcome)
            return redirect("task-detail", pk=task.pk)
        return _render_detail(request, user, task, failed={action: outcome})
    assert handler is not None
    try:
        messages.success(request, handler(user, task, request))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("task-detail", pk=task.pk)



@login_required
def report_attachment(request: HttpRequest, pk: int, report_id: int) -> FileResponse:
    """A progress report's attachment, to whoever may see the task, downloaded rather than shown
    in the browser (an uploaded file never runs as a page of this site)."""
    user = current_user(request)
    task = selectors.task_detail(user, pk, today=clock.today())
    if task is None:
        raise Http404
    require(user, Action.TASK_VIEW, task)
    report = selectors.task_report(task, report_id)
    if report is None or not report.attachment:
        raise Http404
    try:
        handle = report.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = download_name(report.attachment.name or "")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type(name))
    response["X-Content-Type-Options"] = "nosniff"
    return response
