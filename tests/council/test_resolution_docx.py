"""The draft resolution on questioning as a Word file in the Decree 30/2020 layout."""

from __future__ import annotations

import datetime as dt
import html
import io

from django.utils.html import strip_tags
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt

from tests.conftest import World
from thucthi.core import clock
from thucthi.council import questioning
from thucthi.council.io.decree30 import DOCX_CONTENT_TYPE
from thucthi.council.models import AnswerMode, Session, SessionState
from thucthi.council.services import delegate_add, session_create, session_set_state, term_create
from thucthi.orgs.models import Person

DAY = dt.date(2026, 7, 14)


def _answered_session(world: World) -> Session:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    earlier = session_set_state(actor=None, session=session_create(actor=None, term=term, number=2, start=dt.date(2026, 4, 1),
                                                                   end=dt.date(2026, 4, 2)), state=SessionState.OPEN)
    session = session_set_state(actor=None, session=session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1)),
                                state=SessionState.OPEN)
    asker = delegate_add(actor=None, term=term, person=Person.objects.create(full_name="Đại biểu Lan"), elected_on=dt.date(2026, 3, 15))
    director = Person.objects.create(full_name="Nguyễn Văn A (mẫu)")
    for s, text, commitment, due in (
        (earlier, "Vì sao tiến độ cấp thẻ bảo hiểm y tế cho học sinh còn chậm?", "Cấp đủ thẻ bảo hiểm y tế cho học sinh", dt.date(2027, 6, 30)),
        (session, "Giải pháp giải ngân vốn đầu tư công các tháng cuối năm?", "Giải ngân 100% kế hoạch vốn", dt.date(2027, 1, 31)),
    ):
        with clock.frozen(s.start):
            question = questioning.question_register(actor=None, session=s, asker=asker, respondent=director,
                                                     respondent_title="Giám đốc Sở Tài chính", respondent_unit=world.finance, text=text)
            questioning.answer_record(actor=None, question=question, mode=AnswerMode.ORAL, text="…", answered_on=s.start,
                                      commitments=[questioning.CommitmentInput(commitment, due, world.finance)])
    return session


def test_it_downloads_the_questioning_resolution_as_a_decree_30_docx(world: World) -> None:
    session = _answered_session(world)
    response = world.client_for(world.council_office).get(f"/sessions/{session.pk}/questioning-resolution.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
    assert 'filename="du-thao-nghi-quyet-chat-van-ky-hop-3.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))

    section = document.sections[0]
    def mm(length: Length | None) -> float:
        assert length is not None
        return round(float(length.mm), 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4
    assert [mm(m) for m in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)] == [30, 15, 20, 20]
    assert section.different_first_page_header_footer and 'w:instr="PAGE"' in section.header.paragraphs[0]._p.xml
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)

    head = document.tables[0].rows[0].cells
    assert [p.text for p in head[0].paragraphs if p.text] == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THỬ NGHIỆM", "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/NQ-HĐND"]
    right = [p.text for p in head[1].paragraphs if p.text]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[2].startswith("Thử Nghiệm, ngày") and right[2].endswith("năm 2026")
    assert all(run.bold for p in head[1].paragraphs[:2] for run in p.runs)
    assert all(run.italic for run in head[1].paragraphs[-1].runs)

    body = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in body]
    assert texts[0] == "DỰ THẢO"
    title = texts.index("NGHỊ QUYẾT")
    assert texts[title + 1] == "Về hoạt động chất vấn tại Kỳ họp thứ 3, Hội đồng nhân dân tỉnh Thử Nghiệm khóa XVII"
    assert body[title].alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in body[title].runs)
    assert "QUYẾT NGHỊ:" in texts
    article1 = next(p for p in body if p.text.startswith("Điều 1."))
    assert article1.runs[0].bold and article1.runs[0].text == "Điều 1. " and article1.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert "1. Giám đốc Sở Tài chính (Nguyễn Văn A (mẫu)):" in texts
    assert "- Giải ngân 100% kế hoạch vốn; thời hạn hoàn thành: 31/01/2027." in texts
    # Article 2 carries the earlier session's commitment that is not done yet.
    assert texts[texts.index("Điều 2. Tiếp tục thực hiện các cam kết tại các kỳ họp trước chưa hoàn thành:") + 1] == (
        "- Cấp đủ thẻ bảo hiểm y tế cho học sinh (Giám đốc Sở Tài chính, kỳ họp thứ 2, hạn 30/06/2027).")
    assert any(t.startswith("Điều 3. Giao Ủy ban nhân dân") for t in texts)
    assert texts[-1].endswith("năm 2026./.")
    runs = [r for p in body for r in p.runs if r.text.strip()]
    assert all(r.font.size in (Pt(13), Pt(14)) for r in runs), "body text in 13–14 pt"

    signature = document.tables[1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:" and signature[0].paragraphs[-1].text == "- Lưu: VT."
    assert "- Thường trực HĐND tỉnh Thử Nghiệm;" in [p.text for p in signature[0].paragraphs]
    assert signature[1].paragraphs[0].text == "CHỦ TỊCH"


def test_the_page_and_the_docx_say_the_same(world: World) -> None:
    session = _answered_session(world)
    office = world.client_for(world.council_office)
    page = office.get(f"/sessions/{session.pk}/questioning-resolution/").content.decode()
    article = page[page.index("<article"):page.index("</article>")]
    page_text = " ".join(html.unescape(strip_tags(article.replace("<br>", " "))).split())
    document = Document(io.BytesIO(office.get(f"/sessions/{session.pk}/questioning-resolution.docx").content))
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        assert text in page_text, text
    assert f"/sessions/{session.pk}/questioning-resolution.docx" in page


def test_only_the_secretariat_downloads_the_draft(world: World) -> None:
    session = _answered_session(world)
    url = f"/sessions/{session.pk}/questioning-resolution.docx"
    assert world.client_for(world.delegate).get(url).status_code == 403
    assert world.client_for(None).get(url).status_code == 302
    assert world.client_for(world.admin).get("/sessions/999999/questioning-resolution.docx").status_code == 404
