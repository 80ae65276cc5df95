"""Web pages. Each view reads through selectors, writes through services, asks the policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thucthi.accounts.policy import Action, can
from thucthi.accounts.selectors import audit_records
from thucthi.accounts.services import token_create
from thucthi.audit.services import audit_verify
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.selectors import sessions_recent
from thucthi.orgs import selectors
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.services import unit_update_contact
from thucthi.web import mywork
from thucthi.web.common import current_user
from thucthi.web.forms import TokenForm, UnitContactForm, UnitSearchForm
from thucthi.web.tasks.io import feed_links


def home(request: HttpRequest, public: bool = False) -> HttpResponse:
    """The signed-in user's "Việc của tôi"; the public home for everyone else, and at /public/."""
    if not public and request.user.is_authenticated:
        return mywork.my_work(request)
    sessions = sessions_recent()
    today = clock.today()
    provinces = selectors.unit_count(kind=UnitKind.PROVINCE, on=today)
    communes = selectors.unit_count(kind=UnitKind.COMMUNE, on=today)
    return render(request, "web/home.html", {
        "sessions": sessions, "provinces": provinces, "communes": communes,
        "may_add_session": can(request.user, Action.COUNCIL_RECORD),
    })


def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET or None)
    page = None
    if not form.is_bound:
        qs = selectors.unit_list(kind=[UnitKind.PROVINCE], valid_on=clock.today())
    elif form.is_valid():
        data = form.cleaned_data
        qs = selectors.unit_list(q=data["q"], kind=[data["kind"]] if data["kind"] else [], valid_on=data["valid_on"])
    else:
        qs = Unit.objects.none()
    paginator = Paginator(qs, 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/unit_list.html", {"form": form, "page": page, "query": query.urlencode(), "today": clock.today()})


@require_http_methods(["GET", "POST"])
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(pk)
    if unit is None:
        raise Http404
    may_edit = can(request.user, Action.UNIT_EDIT_CONTACT, unit)
    form = UnitContactForm(initial={f: getattr(unit, f) for f in ("address", "phone", "email", "website")})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = UnitContactForm(request.POST)
        if form.is_valid():
            try:
                unit_update_contact(actor=current_user(request), unit=unit, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu thông tin liên hệ."))
                return redirect("unit-detail", pk=unit.pk)
    today = clock.today()
    lineage = selectors.unit_lineage(unit)
    context: dict[str, Any] = {
        "unit": unit,
        "lineage": lineage,
        "holders": selectors.unit_duty_holders(unit, on=today),
        "children": selectors.unit_children(unit)[:400],
        "positions": selectors.unit_positions(unit),
        "valid_today": unit.is_valid_on(today),
        "may_edit": may_edit,
        "form": form,
        "today": today,
    }
    return render(request, "web/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = TokenForm()
    secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                secret = token_create(actor=user, user=user, name=form.cleaned_data["name"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                form = TokenForm()
    tokens = user.api_tokens.order_by("-created_at")
    feeds = {kind: request.build_absolute_uri(f"/tasks/calendar/{token}.ics") for kind, token in feed_links(user).items()}
    return render(request, "web/account.html", {"form": form, "secret": secret, "tokens": tokens, "feeds": feeds})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.AUDIT_VIEW):
        raise PermissionDenied
    verify = None
    if request.GET.get("verify") == "1":
        if not can(request.user, Action.AUDIT_VERIFY):
            raise PermissionDenied
        verify = audit_verify()
    page = Paginator(audit_records(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {"page": page, "verify": verify, "may_verify": can(request.user, Action.AUDIT_VERIFY)})
