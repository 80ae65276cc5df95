"""The administration pages' forms. Each keeps what was typed and shows every error next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.accounts.models import Role
from thucthi.orgs.models import SuccessionKind, Unit
from thucthi.web.tasks.forms import DATE_WIDGET, UnitChoiceField
from thucthi.workdays.models import OverrideKind

DATE_ERRORS = {"required": _("Cần nhập ngày."), "invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")}
ROLE_CHOICES = [("", _("— Mọi vai trò —")), *Role.choices]
ACTIVE_CHOICES = [("", _("— Mọi trạng thái —")), ("1", _("Đang hoạt động")), ("0", _("Đã khóa"))]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên đăng nhập, họ tên, thư điện tử"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES, required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("— Mọi đơn vị —"))
    active = forms.ChoiceField(label=_("Trạng thái"), choices=ACTIVE_CHOICES, required=False)


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={
            "required": _("Cần nhập tên đăng nhập."),
            "invalid": _("Tên đăng nhập chỉ gồm chữ không dấu, số và các ký tự . @ + - _"),
        },
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, error_messages={"required": _("Cần nhập họ và tên.")})
    email = forms.EmailField(label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Thư điện tử không hợp lệ.")})
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Role.choices, initial=Role.UNIT_OFFICER, error_messages={"required": _("Chọn vai trò.")}
    )
    province = UnitChoiceField(
        label=_("Tỉnh, thành phố của đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Cơ quan cấp tỉnh của mọi tỉnh —"),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Chọn một đơn vị đang hoạt động.")},
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["username"]


class ActiveForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300, error_messages={"required": _("Cần ghi lý do.")})


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu mới (để trống: tạo mật khẩu dùng một lần)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        max_length=128,
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), required=False, widget=forms.PasswordInput(render_value=False), max_length=128
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("password1") or "") != (data.get("password2") or ""):
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
        return data


class TermForm(forms.Form):
    council = UnitChoiceField(
        label=_("Hội đồng nhân dân"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"required": _("Chọn Hội đồng nhân dân."), "invalid_choice": _("Chọn Hội đồng nhân dân.")},
    )
    number = forms.IntegerField(label=_("Khóa"), min_value=1, max_value=99, error_messages={"required": _("Cần nhập số khóa.")})
    start_year = forms.IntegerField(
        label=_("Năm bắt đầu"), min_value=1946, max_value=2100, error_messages={"required": _("Cần nhập năm bắt đầu.")}
    )
    end_year = forms.IntegerField(
        label=_("Năm kết thúc"), min_value=1946, max_value=2100, error_messages={"required": _("Cần nhập năm kết thúc.")}
    )
    start = forms.DateField(label=_("Ngày bắt đầu (nếu biết)"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("Ngày kết thúc (nếu biết)"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    delegates_total = forms.IntegerField(label=_("Tổng số đại biểu"), required=False, min_value=1, max_value=999)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["council"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("Năm kết thúc khóa trước năm bắt đầu."))
        return data


class DelegateAddForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, error_messages={"required": _("Cần nhập họ và tên.")})
    birth_year = forms.IntegerField(label=_("Năm sinh (nếu trùng tên)"), required=False, min_value=1900, max_value=2010)
    elected_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)


class DelegateEditForm(forms.Form):
    elected_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    left_on = forms.DateField(label=_("Ngày thôi làm đại biểu"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    left_reason = forms.CharField(label=_("Lý do thôi"), required=False, max_length=200)


class DelegateImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"), error_messages={"required": _("Hãy chọn tệp.")})


class OverrideForm(forms.Form):
    day = forms.DateField(label=_("Ngày"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    kind = forms.ChoiceField(label=_("Loại"), choices=OverrideKind.choices, initial=OverrideKind.WORKING_DAY)
    name = forms.CharField(
        label=_("Tên ngày"),
        max_length=200,
        error_messages={"required": _("Cần ghi tên ngày (ví dụ: Làm bù cho ngày 02/5).")},
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: Làm bù cho ngày 02/5")}),
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ"),
        max_length=300,
        error_messages={"required": _("Cần ghi căn cứ (ví dụ: Thông báo số 6150/TB-BNV).")},
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: Thông báo số 6150/TB-BNV")}),
    )


REORG_CHOICES = [(k.value, k.label) for k in (SuccessionKind.MERGE, SuccessionKind.SPLIT, SuccessionKind.RENAME)]


class ReorgForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=REORG_CHOICES, widget=forms.RadioSelect, initial=SuccessionKind.RENAME)
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được sắp xếp"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Đơn vị đã chọn không còn hiệu lực.")},
    )
    successors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị có sẵn nhận lại"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Đơn vị đã chọn không còn hiệu lực.")},
    )
    new_names = forms.CharField(
        label=_("Tên đơn vị mới (mỗi dòng một tên)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    effective_date = forms.DateField(label=_("Ngày có hiệu lực"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"),
        max_length=300,
        error_messages={"required": _("Cần ghi căn cứ pháp lý (ví dụ: Nghị quyết 202/2025/QH15).")},
        widget=forms.TextInput(attrs={"placeholder": "Nghị quyết 202/2025/QH15"}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def names(self) -> list[str]:
        text = self.cleaned_data.get("new_names") or ""
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
