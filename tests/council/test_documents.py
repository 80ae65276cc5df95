from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import World
from thucthi.core.errors import DomainError
from thucthi.council import documents, selectors
from thucthi.council.models import DocumentKind, Session, SessionDocument
from thucthi.council.services import session_create, term_create

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def session(world: World, settings: Any, tmp_path: Path) -> Session:
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    return session_create(actor=None, term=term, number=2, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 9))


def test_it_accepts_pdf_and_docx_and_keeps_versions(world: World, session: Session) -> None:
    first = documents.document_upload(actor=world.council_office, session=session, kind=DocumentKind.SUBMISSION,
                                      title="Tờ trình về dự toán ngân sách năm 2027", number="120/TTr-UBND",
                                      upload=SimpleUploadedFile("to-trinh.pdf", PDF))
    second = documents.document_upload(actor=world.council_office, session=session, kind=DocumentKind.SUBMISSION,
                                       title="Tờ trình về dự toán ngân sách năm 2027", upload=SimpleUploadedFile("to-trinh-v2.docx", _docx()),
                                       replaces=first)
    assert (first.version, second.version, second.content_type.endswith("document")) == (1, 2, True)
    assert list(selectors.documents_current(session)) == [second], "only the latest version is listed"
    with pytest.raises(DomainError, match="phiên bản mới hơn"):
        documents.document_upload(actor=None, session=session, kind=DocumentKind.SUBMISSION, title="Bản cũ",
                                  upload=SimpleUploadedFile("x.pdf", PDF), replaces=first)


def test_it_refuses_a_renamed_file_a_wrong_type_and_an_oversized_one(world: World, session: Session) -> None:
    with pytest.raises(DomainError, match="không phải PDF"):
        documents.document_upload(actor=None, session=session, kind=DocumentKind.REPORT, title="Báo cáo",
                                  upload=SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(DomainError, match="không phải tài liệu Word"):
        documents.document_upload(actor=None, session=session, kind=DocumentKind.REPORT, title="Báo cáo",
                                  upload=SimpleUploadedFile("bao-cao.docx", b"plain text"))
    with pytest.raises(DomainError, match="Chỉ nhận tài liệu PDF hoặc DOCX"):
        documents.document_upload(actor=None, session=session, kind=DocumentKind.REPORT, title="Báo cáo",
                                  upload=SimpleUploadedFile("bao-cao.exe", PDF))
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * documents.MAX_BYTES)
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        documents.document_upload(actor=None, session=session, kind=DocumentKind.REPORT, title="Báo cáo", upload=big)
    assert SessionDocument.objects.count() == 0


def test_it_finds_papers_without_diacritics_and_serves_them_publicly(world: World, session: Session) -> None:
    doc = documents.document_upload(actor=None, session=session, kind=DocumentKind.DRAFT, title="Dự thảo Nghị quyết về giá đất",
                                    upload=SimpleUploadedFile("du-thao.pdf", PDF))
    assert list(selectors.documents_current(session, "du thao gia dat")) == [doc]
    assert list(selectors.documents_current(session, "ngan sach")) == []
    response = world.client_for(None).get(f"/sessions/{session.pk}/documents/{doc.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]


def test_the_page_refuses_a_bad_upload_in_vietnamese(world: World, session: Session) -> None:
    client = world.client_for(world.council_office)
    response = client.post(f"/sessions/{session.pk}/act/document/", {
        "document-kind": "report", "document-title": "Báo cáo", "document-file": SimpleUploadedFile("x.pdf", b"not a pdf"),
    }, follow=True)
    assert "nội dung không phải PDF" in response.content.decode()


def test_it_nests_agenda_items(world: World, session: Session) -> None:
    report = documents.agenda_add(actor=world.council_office, session=session, title="Báo cáo kinh tế - xã hội năm 2026", order=1,
                                  presenter_unit=world.committee)
    documents.agenda_add(actor=None, session=session, title="Thảo luận tại tổ", order=1, parent=report)
    documents.agenda_add(actor=None, session=session, title="Chất vấn và trả lời chất vấn", order=2)
    tree = selectors.agenda_tree(session)
    assert [(i.title, [c.title for c in kids]) for i, kids in tree] == [
        ("Báo cáo kinh tế - xã hội năm 2026", ["Thảo luận tại tổ"]), ("Chất vấn và trả lời chất vấn", []),
    ]
