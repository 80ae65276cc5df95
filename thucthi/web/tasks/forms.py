from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.accounts.models import User
from thucthi.accounts.policy.tasks import may_answer_for
from thucthi.core.errors import DomainError
from thucthi.council.models import Resolution
from thucthi.council.selectors import resolution_list
from thucthi.orgs.models import Person, Unit
from thucthi.tasks.attachments import check_attachment
from thucthi.tasks.models import DeadlineKind, ProductKind, Recurrence, Status
from thucthi.tasks.selectors import assignable_units, issuing_choices, responsible_choices

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class ResolutionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Resolution) -> str:
        label = f"{obj.number} — {obj.title[:90]}"
        return label if obj.adopted else f"{label} ({_('không được thông qua')})"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """People grouped by the unit they serve in, one <optgroup> each (`responsible_choices`
    annotates `unit_label`), so a list across many units is read unit by unit."""

    def _grouped(self) -> list[Any]:
        flat: list[Any] = [("", self.empty_label)] if self.empty_label is not None else []
        groups: dict[str, list[tuple[int, str]]] = {}
        for person in self.queryset:  # type: ignore[union-attr]
            label = getattr(person, "unit_label", "")
            if label:
                groups.setdefault(label, []).append((person.pk, person.full_name))
            else:
                flat.append((person.pk, person.full_name))
        return flat + list(groups.items())

    choices = property(_grouped, forms.ChoiceField.choices.fset)  # type: ignore[union-attr]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nội dung nhiệm vụ (rõ việc)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": _("Cần ghi nội dung nhiệm vụ.")})
    description = forms.CharField(label=_("Mô tả, yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    resolution = ResolutionChoiceField(label=_("Căn cứ / nguồn: nghị quyết"), queryset=Resolution.objects.none(), required=False,
                                       empty_label="—", error_messages={"invalid_choice": _(
                                           "Nghị quyết này không được thông qua hoặc chưa biểu quyết: không giao nhiệm vụ từ nghị quyết này.")})
    source_ref = forms.CharField(label=_("Mục, điều, khoản trong văn bản"), required=False, max_length=120,
                                 widget=forms.TextInput(attrs={"placeholder": _("ví dụ: Mục 2, Ba là")}))
    issuer = UnitChoiceField(label=_("Cơ quan giao (rõ thẩm quyền)"), queryset=Unit.objects.none(), empty_label=None)
    lead_unit = UnitChoiceField(label=_("Cơ quan chủ trì (rõ trách nhiệm)"), queryset=Unit.objects.none(), required=False, empty_label="—")
    responsible = PersonChoiceField(label=_("Người chịu trách nhiệm (rõ người)"), queryset=Person.objects.none(), required=False, empty_label="—")
    accepting_unit = UnitChoiceField(label=_("Cơ quan công nhận hoàn thành"), queryset=Unit.objects.none(), required=False, empty_label="—")
    expected_product = forms.CharField(label=_("Sản phẩm (rõ sản phẩm)"), max_length=300, required=False)
    product_kind = forms.ChoiceField(label=_("Loại sản phẩm"), choices=[("", "—"), *ProductKind.choices], required=False)
    deadline_kind = forms.ChoiceField(label=_("Thời hạn (rõ thời gian)"), choices=DeadlineKind.choices, initial=DeadlineKind.DATE,
                                      widget=forms.RadioSelect)
    deadline = forms.DateField(label=_("Ngày hết hạn"), required=False, widget=DATE_WIDGET,
                               error_messages={"invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})
    recurrence = forms.ChoiceField(label=_("Chu kỳ (nhiệm vụ định kỳ)"), choices=[("", "—"), *Recurrence.choices], required=False)
    recurrence_until = forms.DateField(label=_("Định kỳ đến ngày"), required=False, widget=DATE_WIDGET,
                                       error_messages={"invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})
    working_days = forms.IntegerField(label=_("Số ngày làm việc kể từ ngày giao"), required=False, min_value=1, max_value=365)
    no_deadline_reason = forms.CharField(label=_("Lý do không đặt thời hạn"), required=False, max_length=300)
    inactivity_days = forms.IntegerField(label=_("Cảnh báo khi không có hoạt động sau (ngày)"), required=False, min_value=1, max_value=365)
    coordinating = forms.ModelMultipleChoiceField(label=_("Cơ quan phối hợp"), queryset=Unit.objects.none(), required=False,
                                                  widget=forms.SelectMultiple(attrs={"size": 6}))
    coordination_duty = forms.CharField(label=_("Nhiệm vụ của cơ quan phối hợp"), required=False, max_length=300)

    def __init__(self, *args: Any, user: User, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.keep_responsible: int | None = None  # the person an edited task already names
        units = assignable_units(user, today)
        self.fields["issuer"].queryset = issuing_choices(user, today)  # type: ignore[attr-defined]
        for name in ("lead_unit", "accepting_unit", "coordinating"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
        self.fields["accepting_unit"].queryset = units | issuing_choices(user, today)  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = responsible_choices(units, today)  # type: ignore[attr-defined]
        # A failed resolution, or one whose vote is pending, is no source: it is not offered.
        self.fields["resolution"].queryset = resolution_list(adopted=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, coordinating = data.get("lead_unit"), data.get("coordinating") or []
        if lead is not None and lead in coordinating:
            self.add_error("coordinating", _("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."))
        if data.get("deadline") and data["deadline"] < dt.date(2000, 1, 1):
            self.add_error("deadline", _("Ngày hết hạn không hợp lệ."))
        if data.get("deadline_kind") == DeadlineKind.RECURRING:
            if not data.get("recurrence"):
                self.add_error("recurrence", _("Nhiệm vụ định kỳ cần chọn chu kỳ."))
            if not data.get("deadline"):
                self.add_error("deadline", _("Nhiệm vụ định kỳ cần ngày đến hạn của kỳ đầu tiên."))
            until = data.get("recurrence_until")
            if until and data.get("deadline") and until < data["deadline"]:
                self.add_error("recurrence_until", _("Ngày kết thúc định kỳ phải sau kỳ đầu tiên."))
        person = data.get("responsible")
        if lead is not None and person is not None and person.pk != self.keep_responsible and not may_answer_for(person, lead, self.today):
            self.add_error("responsible", _("Người chịu trách nhiệm phải là người của cơ quan chủ trì."))
        return data


class ReassignForm(forms.Form):
    """A returned task given to another unit in force: the new lead unit, who answers for it there, and why."""

    lead_unit = UnitChoiceField(label=_("Giao cho cơ quan chủ trì"), queryset=Unit.objects.none(), empty_label="—",
                                error_messages={"required": _("Cần chọn cơ quan chủ trì mới.")})
    responsible = PersonChoiceField(label=_("Người chịu trách nhiệm (rõ người)"), queryset=Person.objects.none(), required=False,
                                    empty_label="—")
    reason = forms.CharField(label=_("Lý do giao lại"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần nêu lý do giao lại cho đơn vị khác.")})

    def __init__(self, *args: Any, user: User, today: dt.date, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = assignable_units(user, today)
        if exclude is not None:
            units = units.exclude(pk=exclude)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = responsible_choices(units, today)  # type: ignore[attr-defined]


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm nhiệm vụ"), required=False, max_length=120, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *Status.choices])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần nêu lý do.")})


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến, sản phẩm"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100,
                                 error_messages={"required": _("Cần nhập tiến độ."), "max_value": _("Tiến độ tối đa là 100%%."),
                                                 "min_value": _("Tiến độ không được âm.")})
    narrative = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}),
                                error_messages={"required": _("Cần ghi kết quả thực hiện.")})
    attachment = forms.FileField(label=_("Tệp đính kèm (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG; tối đa 10 MB)"), required=False)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        try:
            check_attachment(upload)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


class ExtensionForm(forms.Form):
    proposed_deadline = forms.DateField(label=_("Thời hạn đề nghị"), widget=DATE_WIDGET,
                                        error_messages={"required": _("Cần nhập thời hạn đề nghị."), "invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})
    reason = forms.CharField(label=_("Lý do xin gia hạn"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần nêu lý do xin gia hạn.")})


class CoordinationRequestForm(forms.Form):
    to_unit = UnitChoiceField(label=_("Gửi cơ quan phối hợp"), queryset=Unit.objects.none(), empty_label=None)
    message = forms.CharField(label=_("Nội dung đề nghị"), widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("Cần ghi nội dung đề nghị phối hợp.")})
    due_on = forms.DateField(label=_("Hạn trả lời"), widget=DATE_WIDGET,
                             error_messages={"required": _("Cần nhập hạn trả lời."), "invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần ghi nội dung trả lời.")})
