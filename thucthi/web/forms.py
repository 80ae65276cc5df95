from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.orgs.models import UnitKind


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=120,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ví dụ: hung yen, so tai chinh, UBND xa")}))
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *list(UnitKind.choices)])
    valid_on = forms.DateField(label=_("Có hiệu lực vào ngày"), required=False,
                               help_text=_("dd/mm/yyyy; để trống: mọi thời kỳ"),
                               widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def clean_valid_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("valid_on")
        if value is not None and not dt.date(1945, 9, 2) <= value <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("Ngày nằm ngoài khoảng cho phép (02/09/1945 – 31/12/2100)."))
        return value


class UnitContactForm(forms.Form):
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=40)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")})
    website = forms.URLField(label=_("Trang thông tin"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Địa chỉ trang thông tin không hợp lệ.")})


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ của mã"), max_length=80,
                           error_messages={"required": _("Hãy đặt tên cho mã truy cập.")})
