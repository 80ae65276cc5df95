"""Administration for the people who run the system (not the Django admin): accounts, terms and
delegates, reorganisations of units, working-day overrides.

Who sees what is the policy's (`administers`, `can`, `may_record_for_council`); each submit calls
one service with the acting user."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thucthi.accounts import selectors as account_selectors
from thucthi.accounts.models import Role, User
from thucthi.accounts.policy import Action, PermissionDenied, administers, can, council_records_scope, may_record_for_council
from thucthi.accounts.services import user_change_own_password, user_open, user_reset_password, user_set_active, user_update
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import selectors as council_selectors
from thucthi.council.io import delegate_import
from thucthi.council.models import Delegate, Term
from thucthi.council.services import delegate_enrol, delegate_update, term_create, term_update
from thucthi.orgs import selectors as org_selectors
from thucthi.orgs.calendar import override_add, override_remove
from thucthi.orgs.models import SuccessionKind
from thucthi.orgs.services import ReorgPlan, reorganisation_check, reorganisation_record
from thucthi.tasks import selectors as task_selectors
from thucthi.tasks.models import Status
from thucthi.web.administration.forms import (
    ActiveForm,
    DelegateAddForm,
    DelegateEditForm,
    DelegateImportForm,
    OverrideForm,
    PasswordForm,
    ReorgForm,
    TermForm,
    UserFilterForm,
    UserForm,
)
from thucthi.web.common import current_user
from thucthi.workdays import selectors as workday_selectors
from thucthi.workdays.models import OverrideKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_TTL = 3600  # a preview waits an hour for confirmation


def _allowed(request: HttpRequest, action: Action) -> User:
    user = current_user(request)
    if not can(user, action):
        raise PermissionDenied
    return user


def _refused(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal, next to the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not administers(user):
        raise PermissionDenied
    return render(
        request,
        "web/administration/home.html",
        {
            "may_users": can(user, Action.USER_MANAGE),
            "may_reorg": can(user, Action.UNIT_MANAGE),
            "may_calendar": can(user, Action.CALENDAR_MANAGE),
            "may_council": can(user, Action.COUNCIL_RECORD),
        },
    )


# --- Accounts ---------------------------------------------------------------------------------------


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _allowed(request, Action.USER_MANAGE)
    form = UserFilterForm(request.GET or None)
    form.fields["unit"].queryset = account_selectors.account_units()  # type: ignore[attr-defined]
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    active = {"1": True, "0": False}.get(data.get("active") or "")
    unit = data.get("unit")
    qs = account_selectors.user_list(
        q=data.get("q") or "", role=data.get("role") or "", unit_id=unit.pk if unit else None, active=active
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page"])
    return render(request, "web/administration/users.html", {"form": form, "page": page, "query": query})


def _user_form(request: HttpRequest, *, current: User | None = None, initial: dict[str, Any] | None = None) -> UserForm:
    """The account form. Choosing a province and "Hiện đơn vị" lists that province's bodies and its
    communes' (without judging the form yet); otherwise the provinces' own bodies are listed."""
    today = clock.today()
    narrowing = request.POST.get("step") == "narrow"
    if request.method == "POST" and not narrowing:
        form = UserForm(request.POST, editing=current is not None)
    else:
        form = UserForm(editing=current is not None, initial=request.POST.dict() if narrowing else initial)
    form.fields["province"].queryset = org_selectors.provinces(on=today)  # type: ignore[attr-defined]
    raw = request.POST.get("province", "")
    province_id = int(raw) if raw.isdigit() else None
    form.fields["unit"].queryset = org_selectors.agencies_for_account(  # type: ignore[attr-defined]
        current.unit_id if current else None, on=today, province_id=province_id
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    actor = _allowed(request, Action.USER_MANAGE)
    form = _user_form(request)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = user_open(
                actor=actor,
                username=d["username"],
                role=Role(d["role"]),
                full_name=d["full_name"],
                email=d["email"],
                unit=d["unit"],
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            return render(
                request, "web/administration/password_shown.html", {"account": user, "password": password, "created": True}
            )
    return render(request, "web/administration/user_form.html", {"form": form})


def _account(pk: int) -> User:
    user = account_selectors.user_get(pk)
    if user is None:
        raise Http404
    return user


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _allowed(request, Action.USER_MANAGE)
    account = _account(pk)
    initial = {"full_name": account.full_name, "email": account.email, "role": account.role, "unit": account.unit_id}
    form = _user_form(request, current=account, initial=initial)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            user_update(
                actor=actor, user=account, full_name=d["full_name"], email=d["email"], role=Role(d["role"]), unit=d["unit"]
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản %(name)s.") % {"name": account.username})
            return redirect("admin-user", pk=account.pk)
    return render(request, "web/administration/user_form.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock (or unlock) an account: a page that says what it does and asks the reason; the POST does it."""
    actor = _allowed(request, Action.USER_MANAGE)
    account = _account(pk)
    form = ActiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_active(actor=actor, user=account, active=not account.is_active, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            _refused(form, exc)
        else:
            text = _("Đã mở lại tài khoản %(name)s.") if not account.is_active else _("Đã khóa tài khoản %(name)s.")
            messages.success(request, text % {"name": account.username})
            return redirect("admin-user", pk=account.pk)
    return render(request, "web/administration/user_active.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _allowed(request, Action.USER_MANAGE)
    account = _account(pk)
    form = PasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            password = user_reset_password(actor=actor, user=account, password=form.cleaned_data["password1"] or "")
        except DomainError as exc:
            form.add_error("password1" if exc.field == "password" else None, exc.message)
        else:
            typed = bool(form.cleaned_data["password1"])
            return render(
                request,
                "web/administration/password_shown.html",
                {"account": account, "password": "" if typed else password, "created": False},
            )
    return render(request, "web/administration/user_password.html", {"form": form, "account": account})


# --- Terms and delegates ------------------------------------------------------------------------------


def _term(request: HttpRequest, pk: int) -> tuple[User, Term]:
    user = _allowed(request, Action.COUNCIL_RECORD)
    term = council_selectors.term_get(pk)
    if term is None:
        raise Http404
    if not may_record_for_council(user, term.council_id):
        raise PermissionDenied
    return user, term


@login_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    actor = _allowed(request, Action.COUNCIL_RECORD)
    form = TermForm(request.POST or None)
    form.fields["council"].queryset = org_selectors.councils_in(council_records_scope(actor), on=clock.today())  # type: ignore[attr-defined]
    if council_records_scope(actor) is None:
        # Nationwide, no council is "the" one: the first in the alphabet would be chosen unseen.
        form.fields["council"].empty_label = _("— Chọn Hội đồng nhân dân —")  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            term = term_create(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã thêm khóa."))
            return redirect("admin-term", pk=term.pk)
    return render(request, "web/administration/terms.html", {"form": form, "terms": council_selectors.terms_recordable(actor)})


def _term_page(
    request: HttpRequest, term: Term, *, term_form: TermForm | None = None, add_form: DelegateAddForm | None = None
) -> HttpResponse:
    initial = {
        "number": term.number,
        "start_year": term.start_year,
        "end_year": term.end_year,
        "start": term.start,
        "end": term.end,
        "delegates_total": term.delegates_total,
    }
    return render(
        request,
        "web/administration/term.html",
        {
            "term": term,
            "term_form": term_form or TermForm(initial=initial, editing=True),
            "add_form": add_form or DelegateAddForm(initial={"elected_on": term.start}),
            "delegates": council_selectors.term_delegates(term),
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor, term = _term(request, pk)
    if request.method != "POST":
        return _term_page(request, term)
    form = TermForm(request.POST, editing=True)
    if form.is_valid():
        try:
            term_update(actor=actor, term=term, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã lưu khóa."))
            return redirect("admin-term", pk=term.pk)
    return _term_page(request, term, term_form=form)


@login_required
@require_http_methods(["POST"])
def delegate_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor, term = _term(request, pk)
    form = DelegateAddForm(request.POST)
    if form.is_valid():
        try:
            delegate = delegate_enrol(actor=actor, term=term, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã thêm đại biểu %(name)s.") % {"name": delegate.person})
            return redirect("admin-term", pk=term.pk)
    return _term_page(request, term, add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def delegate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delegate: Delegate | None = council_selectors.delegate_get(pk)
    if delegate is None:
        raise Http404
    actor, term = _term(request, delegate.term_id)
    initial = {"elected_on": delegate.elected_on, "left_on": delegate.left_on, "left_reason": delegate.left_reason}
    form = DelegateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            delegate_update(actor=actor, delegate=delegate, **form.cleaned_data)
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã lưu đại biểu %(name)s.") % {"name": delegate.person})
            return redirect("admin-term", pk=term.pk)
    return render(request, "web/administration/delegate_form.html", {"form": form, "delegate": delegate, "term": term})


@login_required
@require_http_methods(["GET", "POST"])
def delegate_import_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the list; see what it would record; confirm. Nothing is written until the
    confirmation, and then all of it or nothing."""
    actor, term = _term(request, pk)
    token = request.POST.get("confirm", "")
    form = DelegateImportForm() if token else DelegateImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"term": term, "form": form}
    if request.method == "POST" and token:
        key = f"delegate-import:{actor.pk}:{term.pk}:{token}"
        data = cache.get(key)
        if data is None:
            messages.error(request, _("Bản xem trước đã hết hạn hoặc đã được ghi. Hãy tải tệp lên lại."))
            return redirect("admin-delegate-import", pk=term.pk)
        result = delegate_import.import_delegates(data, actor=actor, term=term)
        if result.ok:
            cache.delete(key)
            messages.success(request, _("Đã ghi %(n)s đại biểu từ tệp.") % {"n": result.saved})
            return redirect("admin-term", pk=term.pk)
        context["result"] = result
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(delegate_import.MAX_BYTES + 1)
        result = delegate_import.import_delegates(data, actor=actor, term=term, preview=True)
        if result.ok:
            context["token"] = secrets.token_urlsafe(16)
            cache.set(f"delegate-import:{actor.pk}:{term.pk}:{context['token']}", data, IMPORT_TTL)
        context["result"] = result
    return render(request, "web/administration/delegate_import.html", context)


@login_required
def delegate_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    _, term = _term(request, pk)
    response = HttpResponse(delegate_import.import_template(term), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-dai-bieu-khoa-{term.number}.xlsx"'
    return response


# --- Reorganisation -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reorganisation(request: HttpRequest) -> HttpResponse:
    """Search the units, tick what is reorganised and what takes over (or name new units), see
    what it will record, confirm."""
    actor = _allowed(request, Action.UNIT_MANAGE)
    today = clock.today()
    q = (request.POST.get("q") or request.GET.get("q") or "").strip()
    wants = request.POST.get("step", "")
    # Searching keeps what was typed and ticked without judging a form not yet finished.
    form = ReorgForm(request.POST) if wants in {"preview", "confirm"} else ReorgForm(initial=request.POST.dict() or None)
    for name in ("predecessors", "successors"):
        form.fields[name].queryset = org_selectors.unit_list(valid_on=today)  # type: ignore[attr-defined]
    chosen = {int(v) for name in ("predecessors", "successors") for v in request.POST.getlist(name) if v.isdigit()}
    found = list(org_selectors.unit_list(q=q, valid_on=today)[:30]) if q else []
    candidates = list(org_selectors.units_in_force(chosen, on=today)) + [u for u in found if u.pk not in chosen]
    context: dict[str, Any] = {
        "form": form,
        "q": q,
        "candidates": candidates,
        "recent": org_selectors.successions_recent(),
        "picked_pred": {int(v) for v in request.POST.getlist("predecessors") if v.isdigit()},
        "picked_succ": {int(v) for v in request.POST.getlist("successors") if v.isdigit()},
    }
    if request.method == "POST" and wants in {"preview", "confirm"}:
        valid = form.is_valid()
        d = form.cleaned_data
        plan = ReorgPlan(
            kind=SuccessionKind(d.get("kind") or SuccessionKind.RENAME),
            predecessors=list(d.get("predecessors") or []),
            successors=list(d.get("successors") or []),
            new_names=form.names(),
            effective_date=d.get("effective_date") or today,
            legal_basis=d.get("legal_basis") or "",
            note=d.get("note") or "",
        )
        # Every error at once: the plan's own checks too, on the fields the form did not already refuse.
        errors = [e for e in reorganisation_check(plan) if e.field not in form.errors]
        for error in errors:
            _refused(form, error)
        if valid and not errors and wants == "confirm":
            try:
                reorganisation_record(actor=actor, plan=plan)
            except DomainError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Đã ghi việc sắp xếp theo %(basis)s.") % {"basis": plan.legal_basis})
                return redirect("admin-reorg")
        elif valid and not errors:
            context["plan"] = plan
            # What moves: each unit that stops, its open tasks (they keep it; the successor answers for
            # them) and the accounts still attached to it.
            still_open = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE]
            context["moves"] = [
                (
                    unit,
                    task_selectors.task_list(actor, today=today, status=still_open, lead_unit=unit.pk).count(),
                    account_selectors.user_list(unit_id=unit.pk, active=True).count(),
                )
                for unit in plan.predecessors
            ]
    return render(request, "web/administration/reorganisation.html", context)


# --- Working-day overrides ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    actor = _allowed(request, Action.CALENDAR_MANAGE)
    today = clock.today()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else today.year
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            override = override_add(
                actor=actor, day=d["day"], kind=OverrideKind(d["kind"]), name=d["name"], legal_basis=d["legal_basis"]
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Đã thêm ngày %(day)s.") % {"day": f"{override.day:%d/%m/%Y}"})
            return redirect(f"{request.path}?year={override.day.year}")
    return render(
        request,
        "web/administration/calendar.html",
        {
            "form": form,
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "overrides": workday_selectors.overrides_in_year(year),
            "holidays": workday_selectors.national_holidays(year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _allowed(request, Action.CALENDAR_MANAGE)
    override = workday_selectors.override_get(pk)
    if override is None:
        raise Http404
    if request.method == "POST":
        try:
            override_remove(actor=actor, override=override)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xóa ngày điều chỉnh %(day)s.") % {"day": f"{override.day:%d/%m/%Y}"})
        return redirect(f"{reverse('admin-calendar')}?year={override.day.year}")
    return render(request, "web/administration/calendar_remove.html", {"override": override})


# --- One's own password ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Everyone changes their own password here (after a one-time password above all): the old one,
    then the new one twice, checked by the site's password rules; the session stays signed in."""
    user = current_user(request)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        saved = user_change_own_password(actor=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, saved)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("account")
    return render(request, "web/administration/password_change.html", {"form": form, "required": user.must_change_password})
