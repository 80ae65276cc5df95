"""Indicator figures by Excel: download the data-entry template of a unit and a period, fill it in,
upload it. The upload is checked in full and saved all or nothing; figures that need confirmation
(an unusual change from last year) are shown, and saved once the user confirms. The same units and
indicators as the entry grid (`web/indicators/views.py`), so both ways of entering agree."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, can, reports_for_area
from thucthi.core.errors import DomainError
from thucthi.indicators import selectors
from thucthi.indicators.io.excel import MAX_BYTES, EntryImport, entry_template, import_entries
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Unit
from thucthi.orgs.selectors import unit_get
from thucthi.web.common import current_user
from thucthi.web.tasks.forms import UnitChoiceField

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFIRM_TTL = 3600  # an upload waiting for its confirmation is kept an hour


def _unit_for(user: User, raw: str) -> Unit | None:
    """The unit a request names, or None if it names none; one the user does not report for is refused."""
    if not raw.isdigit():
        return None
    unit = unit_get(int(raw))
    if unit is None:
        return None
    if not reports_for_area(user, unit):
        raise PermissionDenied(_("Bạn không nhập số liệu cho địa bàn này."))
    return unit


def _require_entry(request: HttpRequest) -> User:
    user = current_user(request)
    if not can(user, Action.ACTUAL_ENTER):
        raise PermissionDenied
    return user


def _import_url(unit: str, period: str) -> str:
    query = urlencode({k: v for k, v in (("unit", unit), ("period", period)) if v})
    return reverse("indicator-entry-import") + (f"?{query}" if query else "")


@login_required
@require_GET
def entry_template_download(request: HttpRequest) -> HttpResponse:
    """The .xlsx template of `unit` and `period` (GET parameters) with the indicators the user reports."""
    user = _require_entry(request)
    raw_unit, raw_period = request.GET.get("unit", ""), request.GET.get("period", "")
    unit = _unit_for(user, raw_unit)
    if unit is None:
        messages.error(request, _("Hãy chọn địa bàn để tải mẫu."))
        return redirect(_import_url(raw_unit, raw_period))
    try:
        period = reporting_period(raw_period)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_import_url(raw_unit, raw_period))
    indicators = selectors.entry_indicators(user, unit)
    if not indicators:
        messages.error(request, _("Đơn vị của bạn không báo cáo chỉ tiêu nào cho địa bàn này."))
        return redirect(_import_url(raw_unit, period.key))
    content = entry_template(unit=unit, period=period.key, indicators=indicators, reporter=user.unit.name if user.unit else "")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-so-lieu-{slugify(unit.code)}-{period.key}.xlsx"'
    return response


class EntryImportForm(forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("Địa bàn"), queryset=Unit.objects.none(), empty_label=None)
    period = forms.CharField(
        label=gettext_lazy("Kỳ báo cáo"), max_length=7,
        help_text=gettext_lazy("Năm (2020), 6 tháng (2020-H1), quý (2020-Q3) hoặc tháng (2020-07)."),
        error_messages={"required": gettext_lazy("Hãy ghi kỳ báo cáo.")},
    )
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) theo mẫu"), error_messages={"required": gettext_lazy("Hãy chọn tệp Excel.")},
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def clean_period(self) -> str:
        try:
            return reporting_period(self.cleaned_data["period"]).key
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


def _pending_key(user: User, token: str) -> str:
    return f"indicator-import:{user.pk}:{token}"


@login_required
@require_http_methods(["GET", "POST"])
def entry_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form (unit and period from the query). POST: check the file; on warnings,
    keep it for an hour and ask for confirmation (POST with `token` and `confirm`)."""
    user = _require_entry(request)
    units = selectors.entry_units(user)
    initial = {"unit": request.GET.get("unit") or (units[0].pk if units else None), "period": request.GET.get("period", "")}
    form = EntryImportForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["unit"].queryset = selectors.entry_unit_choices(units)  # type: ignore[attr-defined]
    result: EntryImport | None = None
    token = ""
    pending: dict[str, Any] | None = None
    done_for: tuple[Unit, str] | None = None
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        pending = cache.get(_pending_key(user, token))
        if pending is None:
            messages.error(request, _("Phiên xác nhận đã hết hạn hoặc không còn: hãy tải tệp lên lại."))
            return redirect(_import_url("", ""))
        form = EntryImportForm(initial={"unit": pending["unit"], "period": pending["period"]})
        form.fields["unit"].queryset = selectors.entry_unit_choices(units)  # type: ignore[attr-defined]
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Hãy đánh dấu ô xác nhận đã kiểm tra số liệu, hoặc sửa tệp và tải lên lại."))
            result = EntryImport(warnings=pending["warnings"])
        else:
            found = unit_get(pending["unit"])
            if found is None:
                raise Http404
            unit = found
            result = import_entries(pending["data"], actor=user, unit=unit, period=pending["period"], confirm=True)
            done_for = (unit, pending["period"])
            cache.delete(_pending_key(user, token))
            token = ""
    elif request.method == "POST" and form.is_valid():
        unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
        data = form.cleaned_data["file"].read()
        result = import_entries(data, actor=user, unit=unit, period=period)
        done_for = (unit, period)
        if result.needs_confirmation:
            token = secrets.token_urlsafe(16)
            cache.set(_pending_key(user, token), {"data": data, "unit": unit.pk, "period": period, "warnings": result.warnings}, CONFIRM_TTL)
    if result is not None and result.ok and done_for is not None:
        unit, period_key = done_for
        names = {"n": len(result.saved), "unit": unit.name, "period": reporting_period(period_key).label}
        if result.saved:
            messages.success(request, _("Đã lưu %(n)s số liệu của %(unit)s, kỳ %(period)s; số liệu chờ lãnh đạo đơn vị duyệt.") % names)
        else:
            messages.info(request, _("Tệp không có số liệu nào khác với số liệu đã có của %(unit)s, kỳ %(period)s: không có gì thay đổi.") % names)
        return redirect(_import_url(str(unit.pk), period_key))
    chosen_unit = str(form["unit"].value() or "")
    chosen_period = form["period"].value() or ""
    return render(request, "web/indicators/import.html", {
        "form": form, "result": result, "token": token, "has_units": bool(units), "units": units,
        "template_unit": int(chosen_unit) if chosen_unit.isdigit() else None, "template_period": str(chosen_period),
    })
