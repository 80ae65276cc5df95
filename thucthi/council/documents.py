"""Session papers: uploads checked by content (not only by name), versioned, searchable."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.council.access import require_council_record
from thucthi.council.models import AgendaItem, DocumentKind, Session, SessionDocument
from thucthi.orgs.models import Unit

MAX_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff(name: str, head: bytes, data: bytes) -> str:
    """The real type of an upload, or a Vietnamese refusal. A renamed .exe is not a PDF."""
    lower = name.lower()
    if lower.endswith(".pdf"):
        if not head.startswith(b"%PDF-"):
            raise DomainError("Tệp có đuôi .pdf nhưng nội dung không phải PDF.", field="file")
        return PDF
    if lower.endswith(".docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise DomainError("Tệp có đuôi .docx nhưng nội dung không phải tài liệu Word.", field="file") from exc
        if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
            raise DomainError("Tệp có đuôi .docx nhưng nội dung không phải tài liệu Word.", field="file")
        return DOCX
    raise DomainError("Chỉ nhận tài liệu PDF hoặc DOCX.", field="file")


@transaction.atomic
def document_upload(
    *, actor: User | None, session: Session, kind: DocumentKind, title: str, upload: Any, number: str = "",
    agenda_item: AgendaItem | None = None, replaces: SessionDocument | None = None,
) -> SessionDocument:
    require_council_record(actor, session.term)
    if not title.strip():
        raise DomainError("Cần nhập tên tài liệu.", field="title")
    size = int(upload.size)
    if size == 0:
        raise DomainError("Tệp rỗng.", field="file")
    if size > MAX_BYTES:
        raise DomainError(f"Tệp quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB.", field="file")
    data = upload.read()
    content_type = sniff(upload.name, data[:8], data)
    upload.seek(0)
    version = 1
    Session.objects.select_for_update().get(pk=session.pk)  # two clerks replacing the same paper: one makes v2, the other is told
    if replaces is not None:
        replaces = SessionDocument.objects.select_for_update().get(pk=replaces.pk)
        if replaces.session_id != session.pk:
            raise DomainError("Chỉ thay thế tài liệu của cùng kỳ họp.", field="replaces")
        if SessionDocument.objects.filter(replaces=replaces).exists():
            raise DomainError("Tài liệu này đã có phiên bản mới hơn; hãy thay thế phiên bản mới nhất.", field="replaces")
        version = replaces.version + 1
    document = SessionDocument(
        session=session, agenda_item=agenda_item, kind=kind, number=number.strip(), title=title.strip(), content_type=content_type,
        size=size, version=version, replaces=replaces, uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    audit_record(actor=actor, action="council.document.upload", obj=document, before=None,
                 after=snapshot(document, ["session_id", "kind", "title", "version", "size", "content_type"]))
    return document


@transaction.atomic
def agenda_add(
    *, actor: User | None, session: Session, title: str, order: int, parent: AgendaItem | None = None,
    presenter_unit: Unit | None = None, presenter_name: str = "",
) -> AgendaItem:
    require_council_record(actor, session.term)
    if not title.strip():
        raise DomainError("Cần ghi nội dung mục chương trình.", field="title")
    if parent is not None and parent.session_id != session.pk:
        raise DomainError("Mục cha không thuộc kỳ họp này.", field="parent")
    Session.objects.select_for_update().get(pk=session.pk)
    item = AgendaItem.objects.create(session=session, parent=parent, order=order, title=title.strip(), presenter_unit=presenter_unit,
                                     presenter_name=presenter_name.strip())
    audit_record(actor=actor, action="council.agenda.add", obj=item, after=snapshot(item))
    return item
