"""Conclusion notices, directives and other documents that assign tasks (services and reads)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.orgs.models import Unit
from thucthi.tasks.models import DocumentKind, IssuedDocument, Task


@transaction.atomic
def document_create(
    *, actor: User | None, kind: DocumentKind, number: str, issued_on: dt.date, issuer: Unit, title: str,
    signer_name: str = "", text: str = "", is_sample: bool = False,
) -> IssuedDocument:
    if actor is not None:
        require(actor, Action.TASK_CREATE)
    number, title = number.strip(), title.strip()
    if not number:
        raise DomainError("Cần nhập số, ký hiệu văn bản (ví dụ 393/TB-UBND).", field="number")
    if "/" not in number:
        raise DomainError("Số, ký hiệu phải có dạng số/ký hiệu, ví dụ 393/TB-UBND (Nghị định 30/2020/NĐ-CP).", field="number")
    if not title:
        raise DomainError("Cần nhập trích yếu văn bản.", field="title")
    if issued_on > clock.today() + dt.timedelta(days=1):
        raise DomainError("Ngày ban hành không được ở tương lai.", field="issued_on")
    if IssuedDocument.objects.filter(issuer=issuer, number=number, issued_on=issued_on).exists():
        raise DomainError(f"Văn bản số {number} ngày {issued_on:%d/%m/%Y} của {issuer} đã có.", field="number")
    document = IssuedDocument.objects.create(
        kind=kind, number=number, issued_on=issued_on, issuer=issuer, title=title, signer_name=signer_name.strip(),
        text=text.strip(), is_sample=is_sample,
    )
    audit_record(actor=actor, action="tasks.document.create", obj=document, after=snapshot(document))
    return document


def document_list() -> QuerySet[IssuedDocument]:
    """Documents with the number of tasks created from each (tasks link to sources generically)."""
    tasks = (
        Task.objects.filter(source_type=ContentType.objects.get_for_model(IssuedDocument), source_id=OuterRef("pk"))
        .order_by()
        .values("source_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        IssuedDocument.objects.select_related("issuer")
        .annotate(n_tasks=Coalesce(Subquery(tasks, output_field=IntegerField()), 0))
        .order_by("-issued_on", "-id")
    )


def document_tasks(document: IssuedDocument) -> QuerySet[Task]:
    return Task.objects.filter(source_type=ContentType.objects.get_for_model(IssuedDocument), source_id=document.pk)
