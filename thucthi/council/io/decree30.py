"""An administrative document in the Decree 30/2020/NĐ-CP layout, as data, and its DOCX.

The content is built once (`Decree30Document`) and rendered twice: the printable HTML page and
the Word file the office edits and signs. Layout rules from Decree 30/2020, Appendix I:
- A4; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
- Times New Roman (Unicode, TCVN 6909:2001), black;
- national title upper case, bold, 12–13 pt; motto bold 13–14 pt, a line beneath as long as it;
- issuing body upper case, bold, 12–13 pt, a line beneath of a third to half its length; number
  13 pt beneath it; place and date italic 13–14 pt beneath the motto;
- document type upper case, bold, 13–14 pt, centred; its summary bold, centred, a line beneath;
- body 13–14 pt, justified, first line indented 1–1.27 cm, at least 6 pt between paragraphs;
- signer's title upper case, bold; "Nơi nhận:" bold italic 12 pt, the recipients 11 pt;
- pages numbered from the second, centred in the header.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from enum import StrEnum

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
BLANK = "\u00a0" * 6  # a blank the signer fills in by hand; kept wide in HTML too

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BlockKind(StrEnum):
    BASIS = "basis"  # "Căn cứ …": italic
    CENTER = "center"  # "QUYẾT NGHỊ:": bold, centred
    ARTICLE = "article"  # "Điều 1." bold, then its text
    POINT = "point"  # "1. Giám đốc Sở …": a numbered point, its label bold
    ITEM = "item"  # "- …": a dash item under a point
    TEXT = "text"  # a plain body paragraph


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    label: str = ""  # the bold lead-in of an article or a point


@dataclass(frozen=True)
class Decree30Document:
    issuer: list[str]  # upper-case lines: ["HỘI ĐỒNG NHÂN DÂN", "TỈNH HƯNG YÊN"]
    number: str  # "Số:      /NQ-HĐND"
    place_date: str  # "Hưng Yên, ngày      tháng      năm 2020"
    kind: str  # "NGHỊ QUYẾT"
    summary: str  # "Về hoạt động chất vấn …"
    authority: list[str] = field(default_factory=list)  # the body that decides, for council resolutions
    body: list[Block] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    draft: bool = False

    NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    MOTTO = "Độc lập - Tự do - Hạnh phúc"

    def text(self) -> str:
        """Plain text of the whole document, in reading order (for search and tests)."""
        lines = [*self.issuer, self.number, self.NATIONAL_TITLE, self.MOTTO, self.place_date]
        lines += ["DỰ THẢO"] if self.draft else []
        lines += [self.kind, self.summary, *self.authority]
        lines += [" ".join(p for p in (b.label, b.text) if p) for b in self.body]
        lines += [self.signer_title, self.signer_name, "Nơi nhận:", *self.recipients]
        return "\n".join(line for line in lines if line)


def issuer_lines(name: str) -> list[str]:
    """ "Hội đồng nhân dân tỉnh Hưng Yên" → ["HỘI ĐỒNG NHÂN DÂN", "TỈNH HƯNG YÊN"], as offices set it."""
    for body in ("Hội đồng nhân dân", "Ủy ban nhân dân"):
        if name.startswith(body + " "):
            return [body.upper(), name[len(body) + 1:].upper()]
    return [name.upper()]


# --- DOCX ----------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
LEFT_COLUMN_MM = 62  # the issuer's column; the national title takes the rest
FIRST_LINE_INDENT = Mm(12.7)


def _set_font(run_or_style_element: object, name: str = FONT) -> None:
    """Word picks a font per script: set it for all of them, or Vietnamese letters may fall back."""
    rpr = run_or_style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _run(paragraph: Paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_font(run._r)


def _paragraph(
    container: object, *, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, after: float = 6, before: float = 0,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    return paragraph


def _rule(container: object, *, column_mm: float, length_mm: float) -> None:
    """The short horizontal line under the issuer, the motto and the summary: the top border of an
    empty paragraph whose indents leave `length_mm` in the middle of the column."""
    paragraph = _paragraph(container, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, before=3)  # clear of the descenders above
    side = Mm(max(0.0, (column_mm - length_mm) / 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)
    _run(paragraph, "", size=2)


def _boxed(paragraph: Paragraph, text: str) -> None:
    _run(paragraph, text, bold=True, size=13)
    rpr = paragraph.runs[-1]._r.get_or_add_rPr()
    border = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        border.set(qn(key), value)
    rpr.append(border)


def _two_columns(document: object, left_mm: float) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(TEXT_WIDTH_MM - left_mm)
    for column, width in zip(table.columns, (left_mm, TEXT_WIDTH_MM - left_mm), strict=True):
        column.width = Mm(width)
    return left, right


def _first(cell: _Cell, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> Paragraph:
    """A new cell holds one empty paragraph; the first line goes there, not below a blank."""
    paragraph: Paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    return paragraph


def to_docx(doc: Decree30Document) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    # Pages are numbered from the second, centred in the header (Decree 30/2020, Appendix I).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field = OxmlElement("w:fldSimple")
    page_field.set(qn("w:instr"), "PAGE")
    number._p.append(page_field)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_font(normal.element)
    document.core_properties.title = f"{doc.kind} {doc.summary}"
    document.core_properties.language = "vi-VN"

    # Header: issuer and number on the left; national title, motto, place and date on the right.
    left, right = _two_columns(document, LEFT_COLUMN_MM)
    for i, line in enumerate(doc.issuer):
        paragraph = _first(left) if i == 0 else _paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        _run(paragraph, line, size=13, bold=True)
    _rule(left, column_mm=LEFT_COLUMN_MM, length_mm=LEFT_COLUMN_MM * 0.4)
    _run(_paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, before=6), doc.number, size=13)
    right_mm = TEXT_WIDTH_MM - LEFT_COLUMN_MM
    _run(_first(right), doc.NATIONAL_TITLE, size=12, bold=True)
    _run(_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0), doc.MOTTO, size=13, bold=True)
    _rule(right, column_mm=right_mm, length_mm=62)
    _run(_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, before=6), doc.place_date, size=14, italic=True)

    if doc.draft:
        _boxed(_paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, before=6), "DỰ THẢO")

    _run(_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, before=12), doc.kind, bold=True)
    _run(_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0), doc.summary, bold=True)
    _rule(document, column_mm=TEXT_WIDTH_MM, length_mm=50)
    if doc.authority:
        for i, line in enumerate(doc.authority):
            _run(_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, before=12 if i == 0 else 0), line, bold=True)
        _paragraph(document, after=0)

    for block in doc.body:
        if block.kind == BlockKind.BASIS:
            _run(_paragraph(document, indent=True), block.text, italic=True)
        elif block.kind == BlockKind.CENTER:
            _run(_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=6), block.text, bold=True)
        else:
            paragraph = _paragraph(document, indent=True)
            if block.label:
                _run(paragraph, block.label + " ", bold=True)
            _run(paragraph, block.text)

    # Recipients on the left, the signer on the right.
    left, right = _two_columns(document, 80)
    recipients = _first(left, align=WD_ALIGN_PARAGRAPH.LEFT)
    recipients.paragraph_format.space_before = Pt(12)
    _run(recipients, "Nơi nhận:", size=12, bold=True, italic=True)
    for name in doc.recipients:
        _run(_paragraph(left, align=WD_ALIGN_PARAGRAPH.LEFT, after=0), f"- {name}", size=11)
    signer = _first(right)
    signer.paragraph_format.space_before = Pt(12)
    _run(signer, doc.signer_title, bold=True)
    for _ in range(4):
        _paragraph(right, after=0)
    _run(_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0), doc.signer_name, bold=True)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
