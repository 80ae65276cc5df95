"""What an uploaded file really is, read from its bytes rather than its name.

A file is accepted as the kind its name claims only when its content is that kind: a PDF starts
with `%PDF-`, a JPEG and a PNG with their signatures, a Word or Excel 97–2003 file is an OLE2
compound file, and a .docx/.xlsx is a ZIP whose `[Content_Types].xml` declares the main part of a
Word document or an Excel workbook (a macro-enabled workbook renamed .xlsx is refused).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# [Content_Types].xml lists a few dozen parts; anything far larger is not an Office file.
CONTENT_TYPES_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


KINDS: dict[str, Kind] = {
    k.extension: k
    for k in (
        Kind(".pdf", "application/pdf", "PDF"),
        Kind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
        Kind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
        Kind(".doc", "application/msword", "DOC"),
        Kind(".xls", "application/vnd.ms-excel", "XLS"),
        Kind(".jpg", "image/jpeg", "JPG"),
        Kind(".jpeg", "image/jpeg", "JPG"),
        Kind(".png", "image/png", "PNG"),
    )
}


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _office_open_xml(stream: IO[bytes], main_part: bytes) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return False
            return main_part in archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError, RuntimeError):
        return False


def content_matches(name: str, stream: IO[bytes]) -> Kind | None:
    """The kind `name` claims if `stream` holds that kind of content, else None. The stream is
    read from its start and left rewound."""
    kind = KINDS.get(extension(name))
    if kind is None:
        return None
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    ext = kind.extension
    if ext == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif ext == ".png":
        ok = head == b"\x89PNG\r\n\x1a\n"
    elif ext in (".jpg", ".jpeg"):
        ok = head.startswith(b"\xff\xd8\xff")
    elif ext in (".doc", ".xls"):
        ok = head == OLE2
    else:
        ok = head.startswith(b"PK\x03\x04") and _office_open_xml(stream, DOCX_MAIN if ext == ".docx" else XLSX_MAIN)
        stream.seek(0)
    return kind if ok else None


def accepted_labels() -> str:
    return ", ".join(dict.fromkeys(k.label for k in KINDS.values()))
