"""An uploaded file is the kind its name says only if its bytes say so too."""

from __future__ import annotations

import io
import zipfile

import pytest

from thucthi.core import files


def _zip(content_types: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", b"<w:document/>")
    out.seek(0)
    return out


DOCX_TYPES = b'<Types><Override PartName="/word/document.xml" ContentType="' + files.DOCX_MAIN + b'"/></Types>'
XLSX_TYPES = b'<Types><Override PartName="/xl/workbook.xml" ContentType="' + files.XLSX_MAIN + b'"/></Types>'
MACRO_TYPES = (
    b'<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"%PDF-1.7\n..."),
        ("anh.PNG", b"\x89PNG\r\n\x1a\n...."),
        ("anh.jpg", b"\xff\xd8\xff\xe0...."),
        ("cu.doc", files.OLE2 + b"...."),
        ("cu.xls", files.OLE2 + b"...."),
    ],
)
def test_it_accepts_a_file_whose_bytes_match_its_name(name: str, content: bytes) -> None:
    kind = files.content_matches(name, io.BytesIO(content))
    assert kind is not None and kind.extension == files.extension(name)


def test_it_reads_office_files_by_their_content_types() -> None:
    assert files.content_matches("bao-cao.docx", _zip(DOCX_TYPES)) is not None
    assert files.content_matches("bang.xlsx", _zip(XLSX_TYPES)) is not None
    assert files.content_matches("bang.xlsx", _zip(DOCX_TYPES)) is None  # a Word file renamed .xlsx
    assert files.content_matches("bang.xlsx", _zip(MACRO_TYPES)) is None  # a macro workbook renamed .xlsx


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bang.xlsx", b"chi la van ban\n"),
        ("bang.xlsx", b"PK\x03\x04 not a zip at all"),
        ("bao-cao.pdf", b"<html><script>alert(1)</script>"),
        ("anh.png", b"\xff\xd8\xff\xe0 a jpeg named png"),
        ("cu.doc", b"{\\rtf1 a rich text file}"),
        ("chay.exe", b"MZ...."),
        ("khong-duoi", b"%PDF-1.7"),
    ],
)
def test_it_refuses_a_file_whose_bytes_do_not_match(name: str, content: bytes) -> None:
    stream = io.BytesIO(content)
    assert files.content_matches(name, stream) is None
    assert stream.tell() == 0


def test_it_leaves_the_stream_rewound_for_saving() -> None:
    stream = _zip(XLSX_TYPES)
    files.content_matches("bang.xlsx", stream)
    assert stream.tell() == 0
