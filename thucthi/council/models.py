"""Council terms, sessions and resolutions (Popolo: Organization, Event; OCD: Bill/Motion)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thucthi.core.text import search_document
from thucthi.orgs.models import Unit


class Term(models.Model):
    council = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="terms", limit_choices_to={"kind": "peoples_council"})
    number = models.PositiveSmallIntegerField(_("khóa"))
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    end = models.DateField(_("kết thúc"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    delegates_total = models.PositiveSmallIntegerField(_("tổng số đại biểu"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("khóa")
        verbose_name_plural = _("khóa")
        ordering = ["council_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="council_term_unique")]

    def __str__(self) -> str:
        return f"{self.council} khóa {self.roman} ({self.start_year}–{self.end_year})"

    @property
    def roman(self) -> str:
        return to_roman(self.number)


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Thường lệ")
    THEMATIC = "thematic", _("Chuyên đề")
    EXTRAORDINARY = "extraordinary", _("Bất thường")


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    OPEN = "open", _("Đang họp")
    CLOSED = "closed", _("Đã bế mạc")


class Session(models.Model):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("kỳ họp thứ"))
    kind = models.CharField(_("loại kỳ họp"), max_length=16, choices=SessionKind.choices, default=SessionKind.REGULAR)
    start = models.DateField(_("khai mạc"))
    end = models.DateField(_("bế mạc"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    dates_are_sample = models.BooleanField(_("ngày họp là mẫu"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    state = models.CharField(_("tình trạng"), max_length=8, choices=SessionState.choices, default=SessionState.PLANNED)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="council_session_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="council_session_dates"),
        ]

    def __str__(self) -> str:
        return f"Kỳ họp thứ {self.number}, {self.term}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Found by "ky hop thu 12", its kind, place and summary (the council is searched through its unit).
        with translation.override("vi"):
            kind = str(SessionKind(self.kind).label)
        self.search_text = " " + search_document(f"Kỳ họp thứ {self.number}", kind, self.place, self.summary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# Decree 34/2016 and Law 80/2015: normative resolutions are numbered NN/YYYY/NQ-HĐND,
# the others NN/NQ-HĐND; numbers run per council and year.
RESOLUTION_NUMBER = re.compile(r"^(?P<seq>\d{1,4})/(?:(?P<year>\d{4})/)?NQ-HĐND$")


class Resolution(models.Model):
    council = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resolutions")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions")
    number = models.CharField(_("số, ký hiệu"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm"))
    legal_normative = models.BooleanField(_("văn bản quy phạm pháp luật"), default=False)
    adopted_on = models.DateField(_("ngày thông qua"))
    title = models.CharField(_("trích yếu"), max_length=500)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        ordering = ["-adopted_on", "number"]
        constraints = [models.UniqueConstraint(fields=["council", "year", "number"], name="council_resolution_unique")]

    def __str__(self) -> str:
        return f"Nghị quyết số {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " " + search_document(self.title, self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resolution-detail", args=[self.pk])

    @property
    def vote_pending(self) -> bool:
        """Recorded in a session still planned or open and not yet put to the vote: not adopted yet."""
        session = self.session if self.session_id is not None else None
        return getattr(self, "vote_event", None) is None and session is not None and session.state != SessionState.CLOSED

    @property
    def adopted(self) -> bool:
        """Adopted if its vote passed (more than half of all delegates). One recorded without a vote
        stands as adopted only once its session is over, or when it was entered afterwards with no
        session (a published text); until then its vote is pending. A failed or pending resolution
        is never listed as adopted (`adopted_filter`)."""
        vote = getattr(self, "vote_event", None)
        return vote.passed if vote is not None else not self.vote_pending


def adopted_filter(prefix: str = "") -> Q:
    """`Resolution.adopted` as a filter on resolutions (or, with `prefix` "resolutions__", on what
    holds them): a vote that passed, or no vote and a session that is over (or none)."""
    no_vote = Q(**{f"{prefix}vote_event__isnull": True}) & (
        Q(**{f"{prefix}session__isnull": True}) | Q(**{f"{prefix}session__state": SessionState.CLOSED}))
    return Q(**{f"{prefix}vote_event__passed": True}) | no_vote


class ResolutionArticle(models.Model):
    """An article (Điều n) of a resolution, or one of its clauses (khoản, under a section "mục" where
    the text has them): what a task is made from. `clause` is blank for the article itself, else
    "1", or "II.1" for clause 1 of section II."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField(_("điều"))
    clause = models.CharField(_("khoản"), max_length=20, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("điều, khoản của nghị quyết")
        verbose_name_plural = _("điều, khoản của nghị quyết")
        ordering = ["resolution", "number", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number", "clause"], name="council_resolution_article_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How a task cites it: "Điều 2", "Điều 2, khoản 1", "Điều 1, mục II, khoản 3"."""
        if not self.clause:
            return f"Điều {self.number}"
        section, _dot, clause = self.clause.rpartition(".")
        return f"Điều {self.number}, mục {section}, khoản {clause}" if section else f"Điều {self.number}, khoản {clause}"


def to_roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


class DelegateGroup(models.Model):
    """Tổ đại biểu: delegates grouped by constituency, for a term. Who belonged when is kept in
    `GroupMembership`, since delegates move between groups within a term (as when the 2025
    reorganisation regrouped constituencies)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("tên tổ"), max_length=200)
    constituency = models.CharField(_("đơn vị bầu cử"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("tổ đại biểu")
        verbose_name_plural = _("các tổ đại biểu")
        ordering = ["term_id", "name"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="council_group_unique")]

    def __str__(self) -> str:
        return self.name


class Delegate(models.Model):
    """A person's mandate as a delegate in one term (Popolo Membership of the council)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="delegates")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="mandates")
    elected_on = models.DateField(_("ngày bắt đầu"))
    left_on = models.DateField(_("ngày thôi làm đại biểu"), null=True, blank=True)
    left_reason = models.CharField(_("lý do"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("các đại biểu")
        ordering = ["term_id", "person__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="council_delegate_unique")]

    def __str__(self) -> str:
        return str(self.person)

    def in_office_on(self, day: dt.date) -> bool:
        return self.elected_on <= day and (self.left_on is None or self.left_on >= day)


class GroupMembership(models.Model):
    """A delegate's place in a delegate group from `start` to `end` (Popolo Membership). Ending a
    membership keeps it: the group's history shows who represented the constituency when."""

    group = models.ForeignKey(DelegateGroup, on_delete=models.PROTECT, related_name="memberships")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="group_memberships")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("thành viên tổ đại biểu")
        verbose_name_plural = _("thành viên các tổ đại biểu")
        ordering = ["group_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="council_group_membership_dates"),
            # A delegate sits in one group at a time; the service also refuses overlapping past periods.
            models.UniqueConstraint(fields=["delegate"], condition=Q(end__isnull=True), name="council_one_current_group"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} — {self.group}"

    def current_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class Sitting(models.Model):
    """Phiên họp: one sitting of a session, with its own attendance."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="sittings")
    day = models.DateField(_("ngày"))
    title = models.CharField(_("phiên"), max_length=200)
    is_questioning = models.BooleanField(_("phiên chất vấn"), default=False)

    class Meta:
        verbose_name = _("phiên họp")
        verbose_name_plural = _("các phiên họp")
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.day:%d/%m/%Y})"


class Attendance(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendance")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("có mặt"))
    reason = models.CharField(_("lý do vắng"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sitting", "delegate"], name="council_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.delegate} — {'có mặt' if self.present else 'vắng'}"


class VoteMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Biểu quyết điện tử (từng đại biểu)")
    TALLY = "tally", _("Thư ký kỳ họp nhập kết quả")


class VoteEvent(models.Model):
    """A vote on a motion (OCD VoteEvent). Passing needs more than half of ALL delegates in
    office that day, not of those present (Law on Organisation of Local Government)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="vote_events")
    sitting = models.ForeignKey(Sitting, null=True, blank=True, on_delete=models.PROTECT, related_name="vote_events")
    motion = models.CharField(_("nội dung biểu quyết"), max_length=500)
    resolution = models.OneToOneField(Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="vote_event")
    day = models.DateField(_("ngày biểu quyết"))
    method = models.CharField(_("hình thức"), max_length=12, choices=VoteMethod.choices)
    total_delegates = models.PositiveSmallIntegerField(_("tổng số đại biểu"))
    yes = models.PositiveSmallIntegerField(_("tán thành"))
    no = models.PositiveSmallIntegerField(_("không tán thành"))
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"))
    absent = models.PositiveSmallIntegerField(_("vắng mặt"))
    passed = models.BooleanField(_("thông qua"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("các lần biểu quyết")
        ordering = ["day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_delegates=models.F("yes") + models.F("no") + models.F("abstain") + models.F("absent")),
                name="council_vote_tally_adds_up",
            )
        ]

    def __str__(self) -> str:
        return self.motion

    @property
    def threshold(self) -> int:
        return self.total_delegates // 2 + 1


class VoteChoice(models.TextChoices):
    YES = "yes", _("Tán thành")
    NO = "no", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")
    ABSENT = "absent", _("Vắng mặt")


class Vote(models.Model):
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="votes")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote_event", "delegate"], name="council_vote_once")]

    def __str__(self) -> str:
        return f"{self.delegate}: {self.get_choice_display()}"


class QuestionState(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    SCHEDULED = "scheduled", _("Đã xếp lịch trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    WITHDRAWN = "withdrawn", _("Rút lại")


class Question(models.Model):
    """Phiếu chất vấn: a delegate's question to an official, registered for a session."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="questions")
    asker = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="questions")
    respondent = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="questions_received")
    respondent_title = models.CharField(_("chức vụ người bị chất vấn"), max_length=200)
    respondent_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="questions_received")
    topic = models.CharField(_("nhóm vấn đề"), max_length=200, blank=True)
    text = models.TextField(_("nội dung chất vấn"))
    registered_on = models.DateField(_("ngày đăng ký"))
    state = models.CharField(max_length=12, choices=QuestionState.choices, default=QuestionState.REGISTERED)
    sitting = models.ForeignKey(Sitting, null=True, blank=True, on_delete=models.PROTECT, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), null=True, blank=True)
    follow_up_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups")
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("câu hỏi chất vấn")
        verbose_name_plural = _("các câu hỏi chất vấn")
        ordering = ["session_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " " + search_document(self.text, self.topic, self.respondent_title)
        super().save(*args, **kwargs)


class AnswerMode(models.TextChoices):
    ORAL = "oral", _("Trả lời trực tiếp tại phiên họp")
    WRITTEN = "written", _("Trả lời bằng văn bản")


class Answer(models.Model):
    question = models.OneToOneField(Question, on_delete=models.PROTECT, related_name="answer")
    mode = models.CharField(max_length=8, choices=AnswerMode.choices)
    text = models.TextField(_("nội dung trả lời"))
    answered_on = models.DateField(_("ngày trả lời"))

    def __str__(self) -> str:
        return self.text[:80]


class Commitment(models.Model):
    """A promise made in an answer ("sẽ hoàn thành trước …"): tracked as a task to the next sessions."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="commitments")
    text = models.CharField(_("nội dung cam kết"), max_length=500)
    due_on = models.DateField(_("thời hạn cam kết"), null=True, blank=True)
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="commitments")
    task = models.OneToOneField("tasks.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="commitment")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("các cam kết")
        ordering = ["answer_id", "id"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " " + search_document(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class AgendaItem(models.Model):
    """A line of the session's programme; items nest (a report and its sub-items)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="agenda")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    presenter_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    presenter_name = models.CharField(_("người trình bày"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình kỳ họp")
        ordering = ["session_id", "parent_id", "order", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    SUBMISSION = "submission", _("Tờ trình")
    REPORT = "report", _("Báo cáo")
    DRAFT = "draft", _("Dự thảo nghị quyết")
    OTHER = "other", _("Tài liệu khác")


class SessionDocument(models.Model):
    """A session paper. A new upload of the same paper is a new version; older ones are kept."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="documents")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=12, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.CharField(_("tên tài liệu"), max_length=500)
    file = models.FileField(upload_to="sessions/%Y/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("tài liệu kỳ họp")
        verbose_name_plural = _("tài liệu kỳ họp")
        ordering = ["session_id", "kind", "title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " " + search_document(self.title, self.number, self.get_kind_display())
        super().save(*args, **kwargs)
