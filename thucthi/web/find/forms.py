"""The filters of the lists: GET forms, so a filtered list is a link one can share.

Choices come from `council.search` (passed in by the view); a value that is not among them is
refused next to its field, with what was typed kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.council.models import QuestionState, SessionState
from thucthi.council.search import DUE_OVERDUE, DUE_SOON, TASK_MADE, TASK_NONE
from thucthi.tasks.models import Status

ALL = ("", _("Tất cả"))
INVALID = _("Giá trị “%(value)s” không có trong danh sách; hãy chọn lại.")

Choices = Iterable[tuple[Any, Any]]


def _choice(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, error_messages={"invalid_choice": INVALID}
    )


# The council filter's value for "the councils of my province" (those it took over in 2025 included).
MINE = "mine"


def _council() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Hội đồng nhân dân"), required=False, error_messages={"invalid_choice": INVALID})


def _text(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Tìm (không cần gõ dấu)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class FindForm(forms.Form):
    """The search box every list has; `placeholder` shows an example of what it finds."""

    placeholder: Any = ""

    def __init__(self, *args: Any, choices: dict[str, Choices] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in (choices or {}).items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [ALL, *options]
        self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def full_clean(self) -> None:
        super().full_clean()
        # A refused filter is marked for screen readers too, and names the message under it.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"})


class SessionFilter(FindForm):
    placeholder = _("ví dụ: ky hop thu 12, hung yen")
    q = _text()
    council = _council()
    term = _choice(_("Khóa"))
    year = _choice(_("Năm"))
    state = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[ALL, *SessionState.choices], error_messages={"invalid_choice": INVALID}
    )


class ResolutionFilter(FindForm):
    placeholder = _("ví dụ: dau tu cong, ngan sach")
    q = _text()
    council = _council()
    session = _choice(_("Kỳ họp"))
    year = _choice(_("Năm"))
    adopted = forms.ChoiceField(
        label=_("Kết quả"),
        required=False,
        error_messages={"invalid_choice": INVALID},
        choices=[ALL, ("yes", _("Được thông qua")), ("no", _("Không được thông qua"))],
    )
    sample = forms.ChoiceField(
        label=_("Nguồn"),
        required=False,
        error_messages={"invalid_choice": INVALID},
        choices=[ALL, ("no", _("Dữ liệu thật")), ("yes", _("Dữ liệu mẫu"))],
    )


class DelegateFilter(FindForm):
    placeholder = _("tên đại biểu, ví dụ: tran quoc toan")
    q = _text(_("Tên (không cần gõ dấu)"))
    council = _council()
    term = _choice(_("Khóa"))
    group = _choice(_("Tổ đại biểu"))
    serving = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        error_messages={"invalid_choice": INVALID},
        choices=[ALL, ("yes", _("Đang là đại biểu")), ("no", _("Đã thôi hoặc hết nhiệm kỳ"))],
    )


class QuestionFilter(FindForm):
    placeholder = _("ví dụ: giai ngan, covid")
    q = _text()
    council = _council()
    session = _choice(_("Kỳ họp"))
    respondent_unit = _choice(_("Cơ quan trả lời"))
    state = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[ALL, *QuestionState.choices], error_messages={"invalid_choice": INVALID}
    )
    asker = _choice(_("Đại biểu chất vấn"))


class CommitmentFilter(FindForm):
    placeholder = _("ví dụ: dieu chuyen von")
    q = _text()
    council = _council()
    lead_unit = _choice(_("Cơ quan thực hiện"))
    due = forms.ChoiceField(
        label=_("Thời hạn"),
        required=False,
        error_messages={"invalid_choice": INVALID},
        choices=[ALL, (DUE_OVERDUE, _("Đã quá hạn, chưa xong")), (DUE_SOON, _("Đến hạn trong 30 ngày tới"))],
    )
    task = forms.ChoiceField(
        label=_("Nhiệm vụ"),
        required=False,
        error_messages={"invalid_choice": INVALID},
        choices=[ALL, (TASK_NONE, _("Chưa giao nhiệm vụ")), (TASK_MADE, _("Đã giao nhiệm vụ")), *Status.choices],
    )
