from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.council.models import AgendaItem, AnswerMode, Delegate, Question, Resolution, SessionDocument, SessionKind, Term
from thucthi.council.models import DocumentKind as SessionDocumentKind
from thucthi.orgs.models import Person, Unit
from thucthi.web.tasks.forms import DATE_WIDGET, UnitChoiceField

DATE_ERRORS = {"required": _("Cần nhập ngày."), "invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")}


class SessionForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Khóa"), queryset=Term.objects.none(), empty_label=None)
    number = forms.IntegerField(label=_("Kỳ họp thứ"), min_value=1, max_value=99)
    kind = forms.ChoiceField(label=_("Loại kỳ họp"), choices=SessionKind.choices)
    start = forms.DateField(label=_("Khai mạc"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("Bế mạc"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Nội dung mục chương trình"), max_length=500, error_messages={"required": _("Cần ghi nội dung.")})
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=999)
    parent = forms.ModelChoiceField(label=_("Thuộc mục"), queryset=AgendaItem.objects.none(), required=False, empty_label="—")
    presenter_unit = UnitChoiceField(label=_("Cơ quan trình bày"), queryset=Unit.objects.none(), required=False, empty_label="—")
    presenter_name = forms.CharField(label=_("Người trình bày"), max_length=150, required=False)


class SessionDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=SessionDocumentKind.choices)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=500, error_messages={"required": _("Cần nhập tên tài liệu.")})
    number = forms.CharField(label=_("Số, ký hiệu (nếu có)"), max_length=60, required=False)
    file = forms.FileField(label=_("Tệp PDF hoặc DOCX (tối đa 20 MB)"), error_messages={"required": _("Hãy chọn tệp.")})
    replaces = forms.ModelChoiceField(label=_("Thay thế phiên bản của"), queryset=SessionDocument.objects.none(), required=False, empty_label="—")


class SittingForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên họp"), max_length=200, error_messages={"required": _("Cần ghi tên phiên họp.")})
    day = forms.DateField(label=_("Ngày họp"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    is_questioning = forms.BooleanField(label=_("Phiên chất vấn"), required=False)


class ResolutionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=40, widget=forms.TextInput(attrs={"placeholder": "15/NQ-HĐND"}),
                             error_messages={"required": _("Cần nhập số nghị quyết.")})
    adopted_on = forms.DateField(label=_("Ngày thông qua"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, error_messages={"required": _("Cần nhập trích yếu.")})


class TallyForm(forms.Form):
    motion = forms.CharField(label=_("Nội dung biểu quyết"), max_length=500, error_messages={"required": _("Cần ghi nội dung biểu quyết.")})
    resolution = forms.ModelChoiceField(label=_("Nghị quyết được biểu quyết"), queryset=Resolution.objects.none(), required=False, empty_label="—")
    day = forms.DateField(label=_("Ngày biểu quyết"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    yes = forms.IntegerField(label=_("Tán thành"), min_value=0, error_messages={"required": _("Cần nhập số phiếu tán thành.")})
    no = forms.IntegerField(label=_("Không tán thành"), min_value=0, error_messages={"required": _("Cần nhập số phiếu không tán thành.")})
    abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, error_messages={"required": _("Cần nhập số không biểu quyết.")})
    absent = forms.IntegerField(label=_("Vắng mặt"), min_value=0, error_messages={"required": _("Cần nhập số vắng mặt.")})


class QuestionForm(forms.Form):
    respondent_unit = UnitChoiceField(label=_("Cơ quan của người bị chất vấn"), queryset=Unit.objects.none(), empty_label=None)
    respondent = forms.ModelChoiceField(label=_("Người bị chất vấn"), queryset=Person.objects.none(), required=False, empty_label="—")
    respondent_name = forms.CharField(label=_("hoặc nhập họ tên người bị chất vấn"), max_length=120, required=False)
    respondent_title = forms.CharField(label=_("Chức vụ người bị chất vấn"), max_length=200,
                                       error_messages={"required": _("Cần ghi chức vụ của người bị chất vấn.")})
    topic = forms.CharField(label=_("Nhóm vấn đề"), max_length=200, required=False)
    text = forms.CharField(label=_("Nội dung chất vấn"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Cần ghi nội dung chất vấn.")})
    follow_up_of = forms.ModelChoiceField(label=_("Hỏi lại câu hỏi ở kỳ họp trước (nếu có)"), queryset=Question.objects.none(),
                                          required=False, empty_label="—")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("respondent") and not (data.get("respondent_name") or "").strip():
            self.add_error("respondent", _("Chọn người bị chất vấn hoặc nhập họ tên."))
        return data


class AnswerForm(forms.Form):
    mode = forms.ChoiceField(label=_("Hình thức trả lời"), choices=AnswerMode.choices)
    text = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Cần ghi nội dung trả lời.")})
    answered_on = forms.DateField(label=_("Ngày trả lời"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    commitment = forms.CharField(label=_("Cam kết (nếu có)"), max_length=500, required=False)
    commitment_due = forms.DateField(label=_("Thời hạn cam kết"), widget=DATE_WIDGET, required=False,
                                     error_messages={"invalid": _("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})
    commitment_unit = UnitChoiceField(label=_("Cơ quan thực hiện cam kết"), queryset=Unit.objects.none(), required=False, empty_label="—")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("commitment") or "").strip() and data.get("commitment_unit") is None:
            self.add_error("commitment_unit", _("Cần chọn cơ quan thực hiện cam kết."))
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ đại biểu"), max_length=200, error_messages={"required": _("Cần ghi tên tổ đại biểu.")},
                           widget=forms.TextInput(attrs={"placeholder": _("Tổ đại biểu huyện Văn Lâm")}))
    constituency = forms.CharField(label=_("Đơn vị bầu cử, địa bàn"), max_length=300, required=False)


class GroupMemberForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("Đại biểu"), queryset=Delegate.objects.none(), empty_label=None,
                                      error_messages={"required": _("Cần chọn đại biểu."), "invalid_choice": _("Đại biểu không thuộc khóa này.")})
    start = forms.DateField(label=_("Vào tổ từ ngày"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)


class GroupLeaveForm(forms.Form):
    end = forms.DateField(label=_("Ngày cuối ở tổ"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)


class VoteImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kết quả từ hệ thống biểu quyết (.xlsx hoặc .csv)"), error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp rỗng.")})
    motion = forms.CharField(label=_("Nội dung biểu quyết (nếu tệp không ghi)"), max_length=500, required=False)
    day = forms.DateField(label=_("Ngày biểu quyết (nếu tệp không ghi)"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
