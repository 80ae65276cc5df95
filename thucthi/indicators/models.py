"""Plan indicators: what a plan promises (targets), what happened (actuals), where it is heading
(forecast and status) and what is done about a target falling behind (assessment, cause, remedy).

An actual belongs to the unit it measures (a province, a commune) and to the period it covers,
keyed as users write it: 2020, 2020-H1, 2020-Q3, 2020-07. Units are never rewritten: a series
shown "in today's structure" is computed from the predecessors' own rows by the indicator's
merge rule (`indicators.aggregation`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thucthi.orgs.models import Person, Unit


def value_field(label: Any = "", *, null: bool = False) -> models.DecimalField[Any, Any]:
    """A figure: up to 16 digits before the decimal point and 4 after."""
    return models.DecimalField(label or None, max_digits=20, decimal_places=4, null=null, blank=null)


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")
    BAND = "band", _("Trong khoảng mục tiêu")


class Kind(models.TextChoices):
    FLOW = "flow", _("Lưu lượng (cộng dồn trong kỳ)")
    LEVEL = "level", _("Mức tại cuối kỳ")
    RATIO = "ratio", _("Tỷ lệ tính từ tử số và mẫu số")
    RANK = "rank", _("Thứ hạng")


class MergeRule(models.TextChoices):
    SUM = "sum", _("Cộng các đơn vị")
    RECOMPUTE = "recompute", _("Tính lại từ các thành phần")
    NONE = "none", _("Không so sánh được")


class Method(models.TextChoices):
    GROWTH_RATIO = "growth_ratio", _("Tỷ lệ tăng trưởng (Open SDG)")
    LINEAR = "linear", _("Xu hướng tuyến tính")
    CUMULATIVE_PROFILE = "cumulative_profile", _("Lũy kế theo cơ cấu tháng các năm trước")
    MANUAL = "manual", _("Ước tính thủ công")


class Status(models.TextChoices):
    ACHIEVED_EARLY = "achieved_early", _("Đã đạt trước hạn")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    OFF_TRACK = "off_track", _("Khó đạt")


class DataStatus(models.TextChoices):
    ESTIMATE = "estimate", _("Ước tính")
    PRELIMINARY = "preliminary", _("Sơ bộ")
    OFFICIAL = "official", _("Chính thức")


class ActualState(models.TextChoices):
    ENTERED = "entered", _("Đã nhập, chờ lãnh đạo đơn vị duyệt")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
    RETURNED = "returned", _("Bị trả lại để sửa")


class Indicator(models.Model):
    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    measure = models.CharField(_("đơn vị tính"), max_length=40)
    direction = models.CharField(_("chiều tốt"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.LEVEL)
    merge_rule = models.CharField(_("khi đơn vị sáp nhập"), max_length=10, choices=MergeRule.choices, default=MergeRule.NONE)
    numerator = models.ForeignKey("self", verbose_name=_("tử số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    denominator = models.ForeignKey("self", verbose_name=_("mẫu số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # ratio = numerator / denominator × scale (100 for a percentage, 10,000 for "per 10,000 people").
    scale = models.DecimalField(_("hệ số"), max_digits=12, decimal_places=4, default=1)
    reporting_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị báo cáo"), null=True, blank=True, on_delete=models.PROTECT, related_name="reported_indicators"
    )
    method = models.CharField(_("phương pháp dự báo"), max_length=20, choices=Method.choices, default=Method.LINEAR)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=1)
    # Validation: values outside [min, max] are refused; a year-on-year change beyond the
    # threshold (in %) is a warning the person entering must confirm.
    min_value = value_field(_("giá trị nhỏ nhất"), null=True)
    max_value = value_field(_("giá trị lớn nhất"), null=True)
    yoy_warn_percent = models.DecimalField(_("cảnh báo khi thay đổi so với cùng kỳ quá (%)"), null=True, blank=True, max_digits=8, decimal_places=2)
    # Indicators sharing a group are shares of one whole (economic structure): they add up to 100.
    share_group = models.CharField(_("nhóm cơ cấu (tổng 100%)"), max_length=40, blank=True)
    description = models.TextField(_("giải thích"), blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("các chỉ tiêu")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merge_rule="recompute") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicators_ratio_components",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure})"


class PlanKind(models.TextChoices):
    FIVE_YEAR = "five_year", _("Kế hoạch 5 năm")
    ANNUAL = "annual", _("Kế hoạch năm")


class Plan(models.Model):
    kind = models.CharField(_("loại kế hoạch"), max_length=12, choices=PlanKind.choices)
    name = models.CharField(_("tên kế hoạch"), max_length=300)
    area = models.ForeignKey(Unit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="plans")
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    parent = models.ForeignKey("self", verbose_name=_("thuộc kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="annual_plans")
    resolution = models.ForeignKey(
        "council.Resolution", verbose_name=_("nghị quyết"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    resolution_number = models.CharField(_("số nghị quyết"), max_length=60, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("các kế hoạch")
        ordering = ["-start_year", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="indicators_plan_years"),
            models.UniqueConstraint(fields=["area", "kind", "start_year", "end_year"], name="indicators_plan_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """What a plan promises for one indicator, and (kept up to date by `services.refresh_target`)
    where the latest approved actuals say it is heading."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"))
    baseline_value = value_field(_("giá trị năm gốc"))
    year = models.PositiveSmallIntegerField(_("năm mục tiêu"))
    value = value_field(_("giá trị mục tiêu"), null=True)
    low = value_field(_("cận dưới"), null=True)
    high = value_field(_("cận trên"), null=True)
    # The target is an average over the plan's years ("tăng trưởng bình quân 8%/năm").
    average = models.BooleanField(_("mục tiêu bình quân cả giai đoạn"), default=False)
    text = models.CharField(_("mục tiêu như nghị quyết ghi"), max_length=300, blank=True)
    method = models.CharField(_("phương pháp dự báo"), max_length=20, choices=Method.choices, blank=True)
    manual_estimate = value_field(_("ước tính thủ công"), null=True)
    manual_reason = models.CharField(_("lý do ước tính"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Derived, refreshed on every approved actual.
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, blank=True)
    projected = value_field(_("dự báo cuối kỳ"), null=True)
    projected_low = value_field(null=True)
    projected_high = value_field(null=True)
    explanation = models.CharField(_("cách tính"), max_length=500, blank=True)
    as_of = models.CharField(_("tính đến kỳ"), max_length=7, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("các mục tiêu")
        ordering = ["plan_id", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator"], name="indicators_target_unique"),
            models.CheckConstraint(condition=Q(year__gt=models.F("baseline_year")), name="indicators_target_after_baseline"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.text or self.value} ({self.year})"

    @property
    def effective_method(self) -> str:
        return self.method or self.indicator.method


class TrajectoryPoint(models.Model):
    """The optional yearly path a plan sets towards its target."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="trajectory")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = value_field(_("giá trị"))

    class Meta:
        ordering = ["target_id", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="indicators_trajectory_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Actual(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="actuals")
    unit = models.ForeignKey(Unit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="indicator_actuals")
    period = models.CharField(_("kỳ"), max_length=7)  # 2020, 2020-H1, 2020-Q3, 2020-07
    year = models.PositiveSmallIntegerField()
    # How many months of the year the period ends after (2020-H1 → 6, 2020 → 12); sorts periods.
    month_end = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField()  # length: 1, 3, 6 or 12
    value = value_field(_("giá trị"))
    data_status = models.CharField(_("mức độ số liệu"), max_length=12, choices=DataStatus.choices, default=DataStatus.ESTIMATE)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    state = models.CharField(_("trạng thái duyệt"), max_length=10, choices=ActualState.choices, default=ActualState.ENTERED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("ý kiến duyệt"), max_length=500, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("số liệu thực hiện")
        verbose_name_plural = _("số liệu thực hiện")
        ordering = ["indicator_id", "unit_id", "year", "month_end", "months"]
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "period"], name="indicators_actual_unique")]
        indexes = [models.Index(fields=["unit", "indicator", "year"], name="indicators_actual_series")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.period}: {self.value}"


class AggregateApproval(models.Model):
    """The province signs off the figure it publishes for an indicator and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="approvals")
    area = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=7)
    value = value_field(_("giá trị được duyệt"))
    how = models.CharField(_("cách tính"), max_length=500, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator_id", "area_id", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "period"], name="indicators_approval_unique")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period}: {self.value}"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi")


class Assessment(models.Model):
    """A review of one target at a point in the plan (the mid-2020 review of the 2016-2020 plan)."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="assessments")
    as_of = models.CharField(_("đánh giá tại kỳ"), max_length=7)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices)
    projected = value_field(_("dự báo cuối kỳ"), null=True)
    explanation = models.CharField(_("cách tính"), max_length=500, blank=True)
    summary = models.TextField(_("nhận định"), blank=True)
    cause = models.TextField(_("nguyên nhân"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("đánh giá thực hiện chỉ tiêu")
        verbose_name_plural = _("các đánh giá thực hiện chỉ tiêu")
        ordering = ["target_id", "-as_of", "-id"]

    def __str__(self) -> str:
        return f"Đánh giá {self.target.indicator.name} kỳ {self.as_of}"


class Remedy(models.Model):
    """A solution proposed for a target behind schedule, with its owner and due date; it can
    become a task, which then carries it through the tasks pipeline."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="remedies")
    text = models.CharField(_("giải pháp"), max_length=500)
    owner_unit = models.ForeignKey(Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+")
    owner_person = models.ForeignKey(Person, verbose_name=_("người chịu trách nhiệm"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("thời hạn"))
    task = models.OneToOneField("tasks.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="remedy")

    class Meta:
        verbose_name = _("giải pháp khắc phục")
        verbose_name_plural = _("các giải pháp khắc phục")
        ordering = ["assessment_id", "id"]

    def __str__(self) -> str:
        return self.text
