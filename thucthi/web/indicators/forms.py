"""Forms of the indicator definitions, plans and targets (the People's Committee office's pages)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thucthi.core import clock, numbers
from thucthi.core.errors import DomainError
from thucthi.indicators import selectors
from thucthi.indicators.models import Direction, Indicator, Kind, MergeRule, Method, PlanKind
from thucthi.orgs.models import Unit


class NumberField(forms.CharField):
    """A figure typed the Vietnamese way (1.234,5), or left empty where optional."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return numbers.parse_value(text, label=str(self.label))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Mã chỉ tiêu"), max_length=40)
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    measure = forms.CharField(label=_("Đơn vị tính"), max_length=40)
    direction = forms.ChoiceField(label=_("Chiều tốt"), choices=Direction.choices)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    merge_rule = forms.ChoiceField(label=_("Khi đơn vị sáp nhập"), choices=MergeRule.choices)
    numerator = forms.ModelChoiceField(label=_("Tử số (chỉ tiêu tỷ lệ)"), queryset=Indicator.objects.none(), required=False)
    denominator = forms.ModelChoiceField(label=_("Mẫu số (chỉ tiêu tỷ lệ)"), queryset=Indicator.objects.none(), required=False)
    scale = NumberField(label=_("Hệ số (100 cho %, 10.000 cho “trên vạn dân”)"), required=False)
    reporting_unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=Unit.objects.none(), required=False)
    method = forms.ChoiceField(label=_("Phương pháp dự báo"), choices=Method.choices)
    min_value = NumberField(label=_("Giá trị nhỏ nhất"), required=False)
    max_value = NumberField(label=_("Giá trị lớn nhất"), required=False)
    yoy_warn_percent = NumberField(label=_("Cảnh báo khi thay đổi so với cùng kỳ quá (%)"), required=False)
    share_group = forms.CharField(label=_("Nhóm cơ cấu (các tỷ trọng cộng lại 100%)"), max_length=40, required=False)
    description = forms.CharField(label=_("Giải thích"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=300, required=False)

    def __init__(self, *args: Any, areas: list[int] | None = None, **kwargs: Any) -> None:
        """`areas`: the provinces whose departments may report (`policy.plan_areas`; None for all)."""
        super().__init__(*args, **kwargs)
        for name in ("numerator", "denominator"):
            ratio = self.fields[name]
            assert isinstance(ratio, forms.ModelChoiceField)
            ratio.queryset = selectors.indicator_choices()
        field = self.fields["reporting_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        current = self.initial.get("reporting_unit")
        field.queryset = selectors.reporting_unit_choices(areas, on=clock.today(), keep=getattr(current, "pk", current))


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kế hoạch"), choices=PlanKind.choices)
    name = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    area = forms.ModelChoiceField(label=_("Địa bàn"), queryset=Unit.objects.none())
    start_year = forms.IntegerField(label=_("Năm bắt đầu"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Năm kết thúc"), min_value=1990, max_value=2100)
    resolution_number = forms.CharField(label=_("Số nghị quyết"), max_length=60, required=False)

    def __init__(self, *args: Any, areas: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.plan_area_choices(areas)


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.none())
    baseline_year = forms.IntegerField(label=_("Năm gốc"), min_value=1990, max_value=2100)
    baseline_value = NumberField(label=_("Giá trị năm gốc"))
    year = forms.IntegerField(label=_("Năm mục tiêu"), min_value=1990, max_value=2100)
    value = NumberField(label=_("Giá trị mục tiêu"), required=False)
    low = NumberField(label=_("Cận dưới (chỉ tiêu theo khoảng)"), required=False)
    high = NumberField(label=_("Cận trên (chỉ tiêu theo khoảng)"), required=False)
    average = forms.BooleanField(label=_("Mục tiêu là bình quân cả giai đoạn"), required=False)
    text = forms.CharField(label=_("Mục tiêu như nghị quyết ghi"), max_length=300, required=False)
    method = forms.ChoiceField(label=_("Phương pháp dự báo (để trống: theo chỉ tiêu)"), choices=[("", "—"), *Method.choices], required=False)
    manual_estimate = NumberField(label=_("Ước tính thủ công"), required=False)
    manual_reason = forms.CharField(label=_("Lý do ước tính"), max_length=500, required=False)
    trajectory = forms.CharField(label=_("Lộ trình từng năm (năm: giá trị; ví dụ 2017: 8,0; 2018: 8,2)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.indicator_choices()

    def clean_trajectory(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for part in (self.cleaned_data.get("trajectory") or "").split(";"):
            if not part.strip():
                continue
            year, sep, value = part.partition(":")
            if not sep or not year.strip().isdigit():
                raise forms.ValidationError(_("Lộ trình: “%(part)s” cần dạng năm: giá trị.") % {"part": part.strip()})
            try:
                out[int(year)] = numbers.parse_value(value, label=f"Lộ trình năm {year.strip()}")
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from None
        return out
