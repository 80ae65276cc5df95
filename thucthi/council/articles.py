"""A resolution's articles (Điều 1, 2…) and clauses (khoản), and the tasks made from them.

The council office pastes the resolution's text (`articles_paste`, which `parse_articles` splits)
or enters an article at a time; an article is edited or removed only while no task cites it. A
task made from a resolution keeps the resolution as its source and the article in its
`source_ref` ("Điều 2, khoản 1"): the same citation a person reads, parsed back by `ref_key`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.council.access import require_council_record
from thucthi.council.models import Resolution, ResolutionArticle
from thucthi.tasks import services as task_services
from thucthi.tasks.models import Task

ARTICLE_LINE = re.compile(r"^\s*Điều\s+(\d{1,3})\s*[.:]\s*(.*)$", re.IGNORECASE)
SECTION_LINE = re.compile(r"^\s*([IVXL]{1,6})\s*[.:]\s+(\S.*)$")
CLAUSE_LINE = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(\S.*)$")
CLAUSE_VALUE = re.compile(r"^(?:[IVXL]{1,6}\.)?\d{1,3}$")
# "Điều 2, khoản 1", "khoản 1 Điều 2", "Điều 1 mục II khoản 3": the article a task's citation names.
REF_ARTICLE = re.compile(r"điều\s+(\d{1,3})", re.IGNORECASE)
REF_SECTION = re.compile(r"mục\s+([IVXL]{1,6})\b", re.IGNORECASE)
REF_CLAUSE = re.compile(r"khoản\s+(\d{1,3})", re.IGNORECASE)
TITLE_MAX = 300


@dataclass
class ParsedArticle:
    number: int
    clause: str
    title: str
    text: str


def _roman(value: str) -> int:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for here, after in zip(value, [*value[1:], ""], strict=True):
        n = digits[here]
        total += -n if after and digits[after] > n else n
    return total


def _title(line: str) -> tuple[str, str]:
    """A heading as a title, and what did not fit in it (kept as text)."""
    line = line.strip()
    if len(line) <= TITLE_MAX:
        return line, ""
    cut = line[:TITLE_MAX].rsplit(" ", 1)[0]
    return cut + "…", line


def parse_articles(text: str) -> list[ParsedArticle]:
    """Split a resolution's text into its articles ("Điều 1. …") and their clauses ("1. …"),
    under sections ("I. …") where the article has them. The preamble before "Điều 1" is left
    out. Numbers must follow each other (Điều 1, 2, 3; khoản 1, 2…), so a wrapped line that
    happens to begin with a number or with "Điều 5" inside a sentence is read as text."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parsed: list[ParsedArticle] = []
    body: list[list[str]] = []
    article: int | None = None
    section, section_n, clause_n = "", 0, 0

    def start(number: int, clause: str, heading: str) -> None:
        title, rest = _title(heading)
        parsed.append(ParsedArticle(number=number, clause=clause, title=title, text=""))
        body.append([rest] if rest else [])

    for line in lines:
        if not line.strip():
            continue
        m = ARTICLE_LINE.match(line)
        if m and (article is None or int(m.group(1)) == article + 1):
            article, section, section_n, clause_n = int(m.group(1)), "", 0, 0
            start(article, "", m.group(2))
            continue
        if article is None:
            continue  # the preamble: bases, "QUYẾT NGHỊ:"
        s = SECTION_LINE.match(line)
        if s and _roman(s.group(1)) == section_n + 1:
            section, section_n, clause_n = s.group(1), section_n + 1, 0
            # The section heading belongs to the article's text; its clauses follow as their own rows.
            owner = next(i for i in range(len(parsed) - 1, -1, -1) if parsed[i].clause == "")
            body[owner].append(line.strip())
            continue
        c = CLAUSE_LINE.match(line)
        if c and int(c.group(1)) == clause_n + 1:
            clause_n += 1
            start(article, f"{section}.{clause_n}" if section else str(clause_n), c.group(2))
            continue
        body[-1].append(line.strip())
    if not parsed:
        raise DomainError("Không tìm thấy điều nào: mỗi điều bắt đầu một dòng bằng “Điều 1.”, “Điều 2.”…", field="text")
    for item, lines_of in zip(parsed, body, strict=True):
        item.text = "\n".join(lines_of).strip()
    return parsed


def ref_key(source_ref: str) -> tuple[int, str] | None:
    """The (article, clause) a citation names: "Điều 2, khoản 1" → (2, "1"); "Điều 1, mục II,
    khoản 3" → (1, "II.3"); "Điều 3" → (3, ""); None if it names no article."""
    article = REF_ARTICLE.search(source_ref)
    if article is None:
        return None
    clause = REF_CLAUSE.search(source_ref)
    section = REF_SECTION.search(source_ref)
    if clause is None:
        return int(article.group(1)), ""
    value = f"{section.group(1).upper()}.{clause.group(1)}" if section else clause.group(1)
    return int(article.group(1)), value


def resolution_tasks(resolution: Resolution) -> models.QuerySet[Task]:
    """Every task whose source is this resolution (whoever may see it: callers scope it)."""
    return Task.objects.filter(source_type=ContentType.objects.get_for_model(Resolution), source_id=resolution.pk)


def _cited(article: ResolutionArticle) -> int:
    refs = resolution_tasks(article.resolution).values_list("source_ref", flat=True)
    return sum(1 for ref in refs if ref_key(ref) == (article.number, article.clause))


def _lock(resolution: Resolution) -> Resolution:
    # Two clerks pasting the same text: one wins, the other is told the articles exist.
    return Resolution.objects.select_for_update().get(pk=resolution.pk)


@transaction.atomic
def article_add(
    *,
    actor: User | None,
    resolution: Resolution,
    number: int,
    clause: str = "",
    title: str = "",
    text: str = "",
    is_sample: bool = False,
) -> ResolutionArticle:
    require_council_record(actor, resolution.council)
    _lock(resolution)
    clause = clause.strip().upper()
    title, text = " ".join(title.split()), text.strip()
    if not 1 <= number <= 999:
        raise DomainError("Số điều phải từ 1 đến 999.", field="number")
    if clause and not CLAUSE_VALUE.match(clause):
        raise DomainError("Khoản ghi bằng số (ví dụ 1), hoặc mục và khoản (ví dụ II.1).", field="clause")
    if not title and not text:
        raise DomainError("Cần ghi tiêu đề hoặc nội dung của điều, khoản.", field="title")
    if len(title) > 500:
        raise DomainError("Tiêu đề dài quá 500 ký tự; phần còn lại ghi vào nội dung.", field="title")
    siblings = ResolutionArticle.objects.filter(resolution=resolution, number=number)
    if clause and not siblings.filter(clause="").exists():
        raise DomainError(f"Nghị quyết chưa có Điều {number}: thêm điều trước khi thêm khoản của điều.", field="number")
    if siblings.filter(clause=clause).exists():
        field = "clause" if clause else "number"
        label = ResolutionArticle(number=number, clause=clause).label
        raise DomainError(f"Nghị quyết đã có {label}.", field=field)
    order = 0 if not clause else (siblings.aggregate(m=models.Max("order"))["m"] or 0) + 1
    article = ResolutionArticle.objects.create(
        resolution=resolution,
        number=number,
        clause=clause,
        title=title,
        text=text,
        order=order,
        is_sample=is_sample,
    )
    audit_record(actor=actor, action="council.article.add", obj=article, after=snapshot(article))
    return article


@transaction.atomic
def article_edit(*, actor: User | None, article: ResolutionArticle, title: str, text: str) -> ResolutionArticle:
    """Correct an article's title or text (a typing error, a pasted line out of place). Its number
    stays: tasks cite it by number."""
    require_council_record(actor, article.resolution.council)
    _lock(article.resolution)
    locked = ResolutionArticle.objects.get(pk=article.pk)
    title, text = " ".join(title.split()), text.strip()
    if not title and not text:
        raise DomainError("Cần ghi tiêu đề hoặc nội dung của điều, khoản.", field="title")
    if len(title) > 500:
        raise DomainError("Tiêu đề dài quá 500 ký tự; phần còn lại ghi vào nội dung.", field="title")
    before = snapshot(locked, ["title", "text"])
    locked.title, locked.text = title, text
    locked.save(update_fields=["title", "text"])
    audit_record(actor=actor, action="council.article.edit", obj=locked, before=before, after=snapshot(locked, ["title", "text"]))
    return locked


@transaction.atomic
def article_remove(*, actor: User | None, article: ResolutionArticle) -> None:
    """Remove an article entered by mistake: only while no task cites it (the task would lose the
    article it was made from) and, for an article, once its clauses are gone."""
    require_council_record(actor, article.resolution.council)
    _lock(article.resolution)
    locked = ResolutionArticle.objects.select_related("resolution").get(pk=article.pk)
    cited = _cited(locked)
    if cited:
        raise DomainError(f"Không xóa được {locked.label}: đã có {cited} nhiệm vụ giao từ điều, khoản này.", field="article")
    if (
        not locked.clause
        and ResolutionArticle.objects.filter(resolution=locked.resolution, number=locked.number).exclude(pk=locked.pk).exists()
    ):
        raise DomainError(f"Không xóa được {locked.label}: hãy xóa các khoản của điều trước.", field="article")
    audit_record(actor=actor, action="council.article.remove", obj=locked, before=snapshot(locked), after=None)
    locked.delete()


@transaction.atomic
def articles_paste(*, actor: User | None, resolution: Resolution, text: str, is_sample: bool = False) -> list[ResolutionArticle]:
    """Enter a resolution's articles and clauses from its pasted text, all or none: an article the
    resolution already has refuses the whole paste."""
    require_council_record(actor, resolution.council)
    _lock(resolution)
    parsed = parse_articles(text)
    existing = set(ResolutionArticle.objects.filter(resolution=resolution).values_list("number", "clause"))
    clash = [p for p in parsed if (p.number, p.clause) in existing]
    if clash:
        label = ResolutionArticle(number=clash[0].number, clause=clash[0].clause).label
        raise DomainError(f"Nghị quyết đã có {label}; sửa hoặc xóa điều đã có thay vì dán lại.", field="text")
    return [
        article_add(
            actor=actor, resolution=resolution, number=p.number, clause=p.clause, title=p.title, text=p.text, is_sample=is_sample
        )
        for p in parsed
    ]


@transaction.atomic
def resolution_task_create(
    *,
    actor: User | None,
    resolution: Resolution,
    source_ref: str = "",
    title: str,
    issuer: Any,
    lead_unit: Any,
    coordinations: list[task_services.CoordinationInput] | None = None,
    issue: bool = False,
    **fields: Any,
) -> Task:
    """Make a task from a resolution, or from one of its articles (`source_ref` "Điều 2, khoản 1"):
    the task's source is the resolution, so it is listed under that article. A resolution whose
    vote failed was never adopted and is no source of any duty."""
    if actor is not None:
        require(actor, Action.TASK_CREATE)
    locked = Resolution.objects.select_related("vote_event", "session").get(pk=resolution.pk)
    if not locked.adopted:
        raise DomainError(
            f"{locked} không được thông qua (số đại biểu tán thành không quá nửa tổng số đại biểu): "
            "không giao nhiệm vụ từ nghị quyết này.",
            field="source",
        )
    source_ref = " ".join(source_ref.split())
    key = ref_key(source_ref)
    articles = set(ResolutionArticle.objects.filter(resolution=locked).values_list("number", "clause"))
    if key is not None and articles and key not in articles:
        label = ResolutionArticle(number=key[0], clause=key[1]).label
        raise DomainError(f"{locked} không có {label}.", field="source_ref")
    return task_services.task_create(
        actor=actor,
        title=title,
        issuer=issuer,
        lead_unit=lead_unit,
        coordinations=coordinations,
        source=locked,
        source_ref=source_ref,
        issue=issue,
        **fields,
    )
