"""Tasks in and out: Excel export of any list, the import template, the all-or-nothing import,
and the iCalendar feed of deadlines behind a secret URL."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, can
from thucthi.core import clock
from thucthi.core.xlsx import MAX_BYTES
from thucthi.orgs.models import Unit
from thucthi.tasks import selectors
from thucthi.tasks.io.excel import export_tasks, import_tasks, import_template
from thucthi.tasks.io.ical import calendar_feed, feed_token, verify_feed_token
from thucthi.tasks.models import Status
from thucthi.web.common import current_user
from thucthi.web.tasks.forms import UnitChoiceField

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_TTL = 3600


def _download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response



@login_required
def task_export(request: HttpRequest) -> HttpResponse:
    """The list the user is looking at (same view and filters), as .xlsx."""
    user = current_user(request)
    if not can(user, Action.TASK_VIEW):
        raise PermissionDenied
    today = clock.today()
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    qs = selectors.tasks_for_view(user, request.GET.get("view", "all"), today=today, q=request.GET.get("q", ""), status=status)
    return _download(export_tasks(qs[:20000], today=today), f"nhiem-vu-{today:%Y%m%d}.xlsx")


@login_required
def task_import_template(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_CREATE):
        raise PermissionDenied
    return _download(import_template(units=selectors.assignable_units(user, clock.today())), "mau-nhap-nhiem-vu.xlsx")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) theo mẫu"), error_messages={"required": gettext_lazy("Hãy chọn tệp Excel.")})
    issuer = UnitChoiceField(label=gettext_lazy("Cơ quan giao"), queryset=Unit.objects.none(), empty_label=None)
    accepting_unit = UnitChoiceField(label=gettext_lazy("Cơ quan công nhận hoàn thành"), queryset=Unit.objects.none(), required=False, empty_label="—")
    issue = forms.BooleanField(label=gettext_lazy("Giao ngay (mỗi dòng phải đủ “6 rõ”); bỏ chọn để lưu dự thảo"), required=False, initial=True)


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_CREATE):
        raise PermissionDenied
    today = clock.today()
    form = ImportForm(request.POST or None, request.FILES or None)
    choices = selectors.issuing_choices(user, today)
    form.fields["issuer"].queryset = choices  # type: ignore[attr-defined]
    form.fields["accepting_unit"].queryset = choices  # type: ignore[attr-defined]
    errors = None
    report_key = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        else:
            result = import_tasks(
                upload.read(), actor=user, issuer=form.cleaned_data["issuer"],
                accepting_unit=form.cleaned_data.get("accepting_unit"), issue=form.cleaned_data["issue"],
            )
            if result.ok:
                messages.success(request, _("Đã nhập %(n)s nhiệm vụ.") % {"n": len(result.created)})
                return redirect("/tasks/?view=issued")
            errors = result.errors
            report_key = secrets.token_urlsafe(16)
            cache.set(f"import-report:{user.pk}:{report_key}", result.error_report(), REPORT_TTL)
    return render(request, "web/tasks/import.html", {"form": form, "errors": errors, "report_key": report_key})


@login_required
def task_import_report(request: HttpRequest, key: str) -> HttpResponse:
    content = cache.get(f"import-report:{request.user.pk}:{key}")
    if content is None:
        raise Http404
    return _download(content, "bao-cao-loi-nhap-nhiem-vu.xlsx")


def task_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """Deadlines of a unit or a person, for any calendar app. The URL itself is the secret."""
    found = verify_feed_token(token)
    if found is None:
        raise Http404
    kind, object_id = found
    today = clock.today()
    feed = selectors.deadline_feed(kind, object_id, today=today)
    if feed is None:
        raise Http404
    owner, tasks = feed
    body = calendar_feed(tasks[:2000], name=f"Thực Thi — {owner}", today=today)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thucthi.ics"'
    return response


def feed_links(user: User) -> dict[str, str]:
    links = {}
    if user.unit_id:
        links["unit"] = feed_token("unit", user.unit_id)
    if user.person_id:
        links["person"] = feed_token("person", user.person_id)
    return links
