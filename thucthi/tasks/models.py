"""Tasks: everything someone must do, whatever its source, assigned, chased and measured alike.

A task keeps the unit it was assigned to (`lead_unit`) for ever; who holds those duties today
follows from the units' succession (`orgs.selectors.unit_duty_holders`). Its official status
is derived from the facts (`tasks.status`), never typed in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thucthi.core import clock
from thucthi.core.text import search_document
from thucthi.orgs.models import Person, Unit


class DocumentKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Thông báo kết luận")
    DIRECTIVE = "directive", _("Chỉ thị")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    PLAN = "plan", _("Kế hoạch")
    DECISION = "decision", _("Quyết định")


class IssuedDocument(models.Model):
    """A conclusion notice, directive or other document that assigns tasks (Decree 30/2020 parts)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="issued_documents")
    signer = models.ForeignKey(Person, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    text = models.TextField(_("nội dung"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản giao nhiệm vụ")
        verbose_name_plural = _("văn bản giao nhiệm vụ")
        ordering = ["-issued_on", "number"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number", "issued_on"], name="tasks_document_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    WORKING_DAYS = "working_days", _("Số ngày làm việc kể từ ngày giao")
    RECURRING = "recurring", _("Định kỳ")
    NONE = "none", _("Không thời hạn")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class ProductKind(models.TextChoices):
    REPORT = "report", _("Báo cáo")
    SUBMISSION = "submission", _("Tờ trình")
    DECISION = "decision", _("Quyết định, văn bản")
    PLAN = "plan", _("Kế hoạch, đề án")
    WORKS = "works", _("Công trình hoàn thành")
    OTHER = "other", _("Khác")


class State(models.TextChoices):
    """Workflow facts. The official status (Status) is derived from these and the dates."""

    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã giao")
    RECEIVED = "received", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại (giao sai)")
    COMPLETION_REQUESTED = "completion_requested", _("Đề nghị công nhận hoàn thành")
    COMPLETED = "completed", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện (trong hạn)")
    OVERDUE = "overdue", _("Quá hạn")
    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATES = (State.ISSUED, State.RECEIVED, State.COMPLETION_REQUESTED)


class Task(models.Model):
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    # The source, whatever it is: a resolution, a conclusion notice, a commitment made under
    # questioning, a voter petition, an indicator's remedy (see tasks.sources).
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_ref = models.CharField(_("điều, khoản, mục"), max_length=120, blank=True)
    issuer = models.ForeignKey(Unit, verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="tasks_issued")
    lead_unit = models.ForeignKey(Unit, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="tasks_led")
    # A person, not an account: the official named may have no account, and outlives one.
    responsible = models.ForeignKey(
        Person, verbose_name=_("người chịu trách nhiệm"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tasks_responsible",
    )
    accepting_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan công nhận hoàn thành"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks_to_accept"
    )
    expected_product = models.CharField(_("sản phẩm"), max_length=300, blank=True)
    product_kind = models.CharField(_("loại sản phẩm"), max_length=12, choices=ProductKind.choices, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("nhiệm vụ cha"), null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks")

    deadline_kind = models.CharField(_("loại thời hạn"), max_length=14, choices=DeadlineKind.choices, default=DeadlineKind.DATE)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    original_deadline = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    recurrence = models.CharField(_("chu kỳ"), max_length=12, choices=Recurrence.choices, blank=True)
    recurrence_until = models.DateField(_("định kỳ đến"), null=True, blank=True)
    no_deadline_reason = models.CharField(_("lý do không thời hạn"), max_length=300, blank=True)
    inactivity_days = models.PositiveSmallIntegerField(_("cảnh báo khi không có hoạt động (ngày)"), null=True, blank=True)

    state = models.CharField(_("trạng thái xử lý"), max_length=22, choices=State.choices, default=State.DRAFT, db_index=True)
    issued_on = models.DateField(_("ngày giao"), null=True, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_text = models.TextField(editable=False, default="")
    # Optimistic locking: an edit carries the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "state", "deadline"], name="tasks_lead_state_deadline"),
            models.Index(fields=["issuer", "state", "deadline"], name="tasks_issuer_state_deadline"),
            models.Index(fields=["responsible", "state", "deadline"], name="tasks_person_state_deadline"),
            models.Index(fields=["source_type", "source_id"], name="tasks_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="tasks_progress_percent"),
            models.CheckConstraint(
                condition=~Q(deadline_kind="none") | Q(deadline__isnull=True), name="tasks_no_deadline_means_no_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " " + search_document(self.title, self.description)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"title", "description"} & set(update_fields)):
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)


class Coordination(models.Model):
    """A coordinating unit with its own duty and deadline."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey(Unit, verbose_name=_("cơ quan phối hợp"), on_delete=models.PROTECT, related_name="tasks_coordinated")
    duty = models.CharField(_("nhiệm vụ phối hợp"), max_length=300, blank=True)
    deadline = models.DateField(_("thời hạn phối hợp"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan phối hợp")
        verbose_name_plural = _("cơ quan phối hợp")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="tasks_coordination_unique")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.task}"


class DeadlineChange(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadline_changes")
    old_deadline = models.DateField(null=True, blank=True)
    new_deadline = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_deadline} → {self.new_deadline}"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    narrative = models.TextField(_("kết quả thực hiện"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to="progress/%Y/%m/", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=clock.now)
    review = models.CharField(_("duyệt"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("ý kiến"), max_length=500, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="tasks_report_percent")]

    def __str__(self) -> str:
        return f"{self.percent}% — {self.task}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý")
    REJECTED = "rejected", _("Không đồng ý")


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    current_deadline = models.DateField()
    proposed_deadline = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.current_deadline} → {self.proposed_deadline}"


class CoordinationRequest(models.Model):
    """The lead asks a coordinating unit for its input by a date; the answer (or none) is kept."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordination_requests")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="coordination_requests_received")
    message = models.TextField(_("nội dung đề nghị"))
    due_on = models.DateField(_("hạn trả lời"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["to_unit", "answered_on", "due_on"], name="tasks_coordreq_unit_idx")]

    def __str__(self) -> str:
        return f"{self.to_unit}: {self.message[:40]}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Tạo nhiệm vụ")
    UPDATED = "updated", _("Sửa nhiệm vụ")
    ISSUED = "issued", _("Giao nhiệm vụ")
    RECEIVED = "received", _("Tiếp nhận")
    RETURNED = "returned", _("Trả lại do giao không đúng")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    PROGRESS_REVIEWED = "progress_reviewed", _("Duyệt báo cáo tiến độ")
    PROGRESS_RETURNED = "progress_returned", _("Trả lại báo cáo tiến độ")
    COORDINATION_REQUESTED = "coordination_requested", _("Đề nghị phối hợp")
    COORDINATION_ANSWERED = "coordination_answered", _("Trả lời phối hợp")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Quyết định gia hạn")
    COMPLETION_REQUESTED = "completion_requested", _("Đề nghị công nhận hoàn thành")
    COMPLETION_ACCEPTED = "completion_accepted", _("Công nhận hoàn thành")
    COMPLETION_REJECTED = "completion_rejected", _("Chưa công nhận hoàn thành")
    CANCELLED = "cancelled", _("Hủy nhiệm vụ")
    REMINDED = "reminded", _("Đôn đốc")
    ESCALATED = "escalated", _("Báo cáo cấp trên")


class TaskEvent(models.Model):
    """The task's timeline, as its users read it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="tasks_event_task_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.task_id}"
