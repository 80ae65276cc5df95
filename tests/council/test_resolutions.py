"""Resolutions as records: their articles, their page, and tasks made from an article (issue 10)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import World
from thucthi.accounts.policy import PermissionDenied
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.articles import (
    article_add,
    article_edit,
    article_remove,
    articles_paste,
    parse_articles,
    ref_key,
    resolution_task_create,
)
from thucthi.council.models import Resolution, ResolutionArticle, Session, SessionState
from thucthi.council.services import (
    delegate_add,
    resolution_create,
    session_create,
    session_set_state,
    term_create,
    vote_record_tally,
)
from thucthi.orgs.models import Person
from thucthi.tasks.models import State, Task

DAY = dt.date(2026, 7, 14)

# The shape of a council's resolution as published: bases, "QUYẾT NGHỊ:", articles, sections (I, II)
# with their own clause numbers, points a) b), and lines wrapped by the website that copied it.
TEXT = """HỘI ĐỒNG NHÂN DÂN TỈNH THỬ NGHIỆM
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét Tờ trình số 68/TTr-UBND của Ủy ban nhân dân tỉnh,
QUYẾT NGHỊ:
Điều 1. Thông qua Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030 với các nội dung sau:
I. MỤC TIÊU
1. Mục tiêu tổng quát
Phát triển kinh tế nhanh và bền vững, tốc độ tăng trưởng bình quân giai đoạn
2026 - 2030 đạt 8%/năm.
2. Các chỉ tiêu chủ yếu
a) Tổng sản phẩm trên địa bàn tăng bình quân 8%/năm;
b) Thu ngân sách tăng bình quân 10%/năm.
II. NHIỆM VỤ, GIẢI PHÁP
1. Đẩy mạnh giải ngân vốn đầu tư công.
Điều 5 của Luật Đầu tư công được áp dụng.
Điều 2. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.
2. Thường trực Hội đồng nhân dân tỉnh, các Ban và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.
Điều 3. Nghị quyết có hiệu lực từ ngày ký.
"""


@pytest.fixture
def session(world: World) -> Session:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    s = session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1))
    for i in range(10):
        delegate_add(
            actor=None, term=term, person=Person.objects.create(full_name=f"Đại biểu {i:02d}"), elected_on=dt.date(2026, 3, 15)
        )
    return session_set_state(actor=None, session=s, state=SessionState.OPEN)


@pytest.fixture
def adopted(world: World, session: Session) -> Resolution:
    r = resolution_create(
        actor=world.council_office,
        council=world.council,
        number="12/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030",
        session=session,
    )
    vote_record_tally(
        actor=world.council_office,
        session=session,
        motion="Thông qua nghị quyết 12",
        day=DAY,
        yes=8,
        no=1,
        abstain=0,
        absent=1,
        resolution=r,
    )
    articles_paste(actor=world.council_office, resolution=r, text=TEXT)
    return r


@pytest.fixture
def failed(world: World, session: Session) -> Resolution:
    r = resolution_create(
        actor=world.council_office,
        council=world.council,
        number="13/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về phí tham quan (mẫu)",
        session=session,
    )
    # 5 of 10 is half of all delegates, not more than half: the vote fails.
    vote_record_tally(
        actor=world.council_office,
        session=session,
        motion="Thông qua nghị quyết 13",
        day=DAY,
        yes=5,
        no=3,
        abstain=0,
        absent=2,
        resolution=r,
    )
    return r


def _task_form(world: World, **extra: object) -> dict[str, object]:
    deadline = clock.today() + dt.timedelta(days=60)
    return {
        "title": "Xây dựng kế hoạch giải ngân vốn đầu tư công năm 2027",
        "issuer": world.committee.pk,
        "lead_unit": world.finance.pk,
        "responsible": world.officer.person_id,
        "accepting_unit": world.committee.pk,
        "expected_product": "Kế hoạch",
        "deadline_kind": "date",
        "deadline": f"{deadline:%d/%m/%Y}",
        "submit": "issue",
        **extra,
    }


def _article(r: Resolution, number: int, clause: str = "") -> ResolutionArticle:
    return ResolutionArticle.objects.get(resolution=r, number=number, clause=clause)


def test_it_splits_a_pasted_resolution_into_articles_and_clauses() -> None:
    parsed = [(p.number, p.clause, p.title) for p in parse_articles(TEXT)]
    assert parsed == [
        (1, "", "Thông qua Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030 với các nội dung sau:"),
        (1, "I.1", "Mục tiêu tổng quát"),
        (1, "I.2", "Các chỉ tiêu chủ yếu"),
        (1, "II.1", "Đẩy mạnh giải ngân vốn đầu tư công."),
        (2, "", "Tổ chức thực hiện"),
        (2, "1", "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết."),
        (2, "2", "Thường trực Hội đồng nhân dân tỉnh, các Ban và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện."),
        (3, "", "Nghị quyết có hiệu lực từ ngày ký."),
    ]
    by_key = {(p.number, p.clause): p for p in parse_articles(TEXT)}
    # A wrapped line beginning with a year, and "Điều 5" inside a sentence, stay text.
    assert "2026 - 2030 đạt 8%/năm." in by_key[(1, "I.1")].text
    assert by_key[(1, "II.1")].text == "Điều 5 của Luật Đầu tư công được áp dụng."
    assert "a) Tổng sản phẩm" in by_key[(1, "I.2")].text
    with pytest.raises(DomainError) as refused:
        parse_articles("Nghị quyết không có điều nào.")
    assert refused.value.field == "text"


def test_a_citation_names_its_article_however_it_is_written() -> None:
    assert ref_key("Điều 2, khoản 1") == (2, "1")
    assert ref_key("khoản 1 Điều 2") == (2, "1")
    assert ref_key("Điều 1, mục II, khoản 1") == (1, "II.1")
    assert ref_key("điều 3") == (3, "")
    assert ref_key("Mục 2, Ba là") is None


def test_the_council_office_enters_articles_audited_and_only_for_its_own_council(world: World, adopted: Resolution) -> None:
    assert adopted.articles.count() == 8
    assert AuditRecord.objects.filter(action="council.article.add").count() == 8
    with pytest.raises(DomainError) as again:
        articles_paste(actor=world.council_office, resolution=adopted, text=TEXT)
    assert "Điều 1" in again.value.message and adopted.articles.count() == 8  # all or none
    with pytest.raises(PermissionDenied):
        article_add(actor=world.committee_office, resolution=adopted, number=4, title="Điều khoản thi hành")
    with pytest.raises(PermissionDenied):
        article_add(actor=world.other_council_office, resolution=adopted, number=4, title="Điều khoản thi hành")
    with pytest.raises(DomainError) as orphan:
        article_add(actor=world.council_office, resolution=adopted, number=9, clause="1", title="Khoản của điều chưa có")
    assert orphan.value.field == "number"
    edited = article_edit(
        actor=world.council_office, article=_article(adopted, 3), title="Nghị quyết có hiệu lực từ ngày 01/8/2026.", text=""
    )
    assert edited.title.endswith("01/8/2026.") and AuditRecord.objects.filter(action="council.article.edit").count() == 1


def test_an_article_a_task_cites_cannot_be_removed(world: World, adopted: Resolution) -> None:
    resolution_task_create(
        actor=world.committee_office,
        resolution=adopted,
        source_ref="Điều 2, khoản 1",
        title="Triển khai Nghị quyết",
        issuer=world.committee,
        lead_unit=world.finance,
    )
    with pytest.raises(DomainError) as cited:
        article_remove(actor=world.council_office, article=_article(adopted, 2, "1"))
    assert "1 nhiệm vụ" in cited.value.message
    with pytest.raises(DomainError) as clauses:
        article_remove(actor=world.council_office, article=_article(adopted, 2))
    assert "các khoản" in clauses.value.message
    article_remove(actor=world.council_office, article=_article(adopted, 2, "2"))
    assert not ResolutionArticle.objects.filter(resolution=adopted, number=2, clause="2").exists()
    assert AuditRecord.objects.filter(action="council.article.remove").count() == 1


def test_a_resolution_whose_vote_failed_is_no_source_of_tasks(world: World, failed: Resolution) -> None:
    before = Task.objects.count()
    with pytest.raises(DomainError) as refused:
        resolution_task_create(
            actor=world.committee_office,
            resolution=failed,
            title="Thu phí tham quan",
            issuer=world.committee,
            lead_unit=world.finance,
        )
    assert refused.value.field == "source" and "không được thông qua" in refused.value.message
    client = world.client_for(world.committee_office)
    page = client.post("/tasks/new/", _task_form(world, resolution=failed.pk)).content.decode()
    error = re.search(r'name="resolution".*?</p>', page, re.S)
    assert error is not None and "không được thông qua" in error.group(0) and "field-error" in error.group(0)
    assert "Xây dựng kế hoạch giải ngân vốn đầu tư công năm 2027" in page  # what was typed is kept
    assert Task.objects.count() == before
    # Its page says so, with the failed vote, and offers no task.
    public = world.client_for(None).get(f"/resolutions/{failed.pk}/").content.decode()
    assert "Không được thông qua" in public and "Đã thông qua" not in public
    assert "<td>5</td><td>3</td><td>0</td><td>2</td><td>10</td>" in public
    assert "Giao nhiệm vụ từ" not in client.get(f"/resolutions/{failed.pk}/").content.decode()


def test_the_committee_office_issues_a_task_from_an_article_and_the_resolution_page_shows_it(
    world: World, adopted: Resolution
) -> None:
    client = world.client_for(world.committee_office)
    article = _article(adopted, 2, "1")
    page = client.get(f"/resolutions/{adopted.pk}/").content.decode()
    assert f"/tasks/new/?resolution={adopted.pk}&amp;article={article.pk}" in page
    assert "Giao nhiệm vụ từ điều này" in page
    form = client.get(f"/tasks/new/?resolution={adopted.pk}&article={article.pk}").content.decode()
    assert "Căn cứ / nguồn" in form and f'<option value="{adopted.pk}" selected>' in form
    assert 'value="Điều 2, khoản 1"' in form and "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết." in form
    assert f'href="/resolutions/{adopted.pk}/"' in form
    # A refused submit keeps the source and its link.
    refused = client.post(
        "/tasks/new/", _task_form(world, resolution=adopted.pk, source_ref="Điều 2, khoản 1", lead_unit="")
    ).content.decode()
    assert f'<option value="{adopted.pk}" selected>' in refused and f'href="/resolutions/{adopted.pk}/"' in refused
    assert 'value="Điều 2, khoản 1"' in refused
    wrong = client.post("/tasks/new/", _task_form(world, resolution=adopted.pk, source_ref="Điều 9")).content.decode()
    assert "không có Điều 9" in wrong
    response = client.post("/tasks/new/", _task_form(world, resolution=adopted.pk, source_ref="Điều 2, khoản 1"))
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.source == adopted and task.source_ref == "Điều 2, khoản 1" and task.state == State.ISSUED
    detail = client.get(f"/tasks/{task.pk}/").content.decode()
    assert f'<a href="/resolutions/{adopted.pk}/">Nghị quyết số 12/2026/NQ-HĐND</a> – Điều 2, khoản 1' in detail
    page = client.get(f"/resolutions/{adopted.pk}/").content.decode()
    under = re.search(rf'id="article-{article.pk}".*?</article>', page, re.S)
    assert under is not None and f'<a href="/tasks/{task.pk}/">{task.title}</a>' in under.group(0)
    whole = re.search(rf'id="article-{_article(adopted, 2).pk}".*?</article>', page, re.S)
    assert whole is not None and "1 nhiệm vụ" in whole.group(0)  # an article counts its clauses' tasks
    assert "0% đã hoàn thành" in page


def test_the_public_sees_the_follow_up_of_issued_tasks_but_no_drafts_nor_their_pages(world: World, adopted: Resolution) -> None:
    issued = resolution_task_create(
        actor=world.committee_office,
        resolution=adopted,
        source_ref="Điều 2, khoản 1",
        title="Triển khai Nghị quyết",
        issuer=world.committee,
        lead_unit=world.finance,
        responsible=world.officer.person,
        accepting_unit=world.committee,
        expected_product="Kế hoạch",
        deadline=clock.today() + dt.timedelta(days=30),
        issue=True,
    )
    resolution_task_create(
        actor=world.committee_office,
        resolution=adopted,
        source_ref="Điều 2, khoản 2",
        title="Dự thảo chưa giao",
        issuer=world.committee,
        lead_unit=world.finance,
    )
    public = world.client_for(None).get(f"/resolutions/{adopted.pk}/").content.decode()
    assert "Triển khai Nghị quyết" in public and f"/tasks/{issued.pk}/" not in public
    assert "Dự thảo chưa giao" not in public
    assert "Giao nhiệm vụ từ điều này" not in public and "Dán toàn văn" not in public
    office = world.client_for(world.committee_office).get(f"/resolutions/{adopted.pk}/").content.decode()
    assert "Dự thảo chưa giao" in office
    # Another unit's head sees the public follow-up, not the committee's draft; a delegate may not issue.
    other = world.client_for(world.other_head).get(f"/resolutions/{adopted.pk}/").content.decode()
    assert "Triển khai Nghị quyết" in other and "Dự thảo chưa giao" not in other
    assert "Giao nhiệm vụ từ điều này" not in world.client_for(world.delegate).get(f"/resolutions/{adopted.pk}/").content.decode()


def test_the_council_office_pastes_edits_and_removes_articles_on_the_page(world: World, session: Session) -> None:
    r = resolution_create(
        actor=world.council_office,
        council=world.council,
        number="14/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về giám sát chuyên đề",
        session=session,
    )
    client = world.client_for(world.council_office)
    page = client.get(f"/resolutions/{r.pk}/").content.decode()
    assert "Dán toàn văn" in page and "Chưa nhập các điều" in page
    empty = client.post(f"/resolutions/{r.pk}/act/paste/", {"text": "Không có điều nào ở đây"}).content.decode()
    assert "Không tìm thấy điều nào" in empty and "Không có điều nào ở đây" in empty
    assert client.post(f"/resolutions/{r.pk}/act/paste/", {"text": TEXT}).status_code == 302
    assert r.articles.count() == 8
    dup = client.post(f"/resolutions/{r.pk}/act/add/", {"number": "2", "clause": "1", "title": "Trùng"}).content.decode()
    assert "Nghị quyết đã có Điều 2, khoản 1." in dup and 'value="Trùng"' in dup
    article = _article(r, 3)
    assert (
        client.post(
            f"/resolutions/{r.pk}/act/edit/",
            {"article": article.pk, f"a{article.pk}-title": "Hiệu lực thi hành", f"a{article.pk}-text": "Từ ngày ký."},
        ).status_code
        == 302
    )
    assert _article(r, 3).title == "Hiệu lực thi hành"
    assert client.post(f"/resolutions/{r.pk}/act/remove/", {"article": article.pk}).status_code == 302
    assert not r.articles.filter(number=3).exists()
    # Nobody else writes here.
    for user in (world.committee_office, world.other_council_office):
        assert world.client_for(user).post(f"/resolutions/{r.pk}/act/paste/", {"text": TEXT}).status_code == 403


def test_the_session_page_and_the_home_page_link_each_resolution(world: World, adopted: Resolution) -> None:
    public = world.client_for(None)
    assert f'href="/resolutions/{adopted.pk}/"' in public.get(f"/sessions/{adopted.session_id}/").content.decode()
    assert f'href="/resolutions/{adopted.pk}/"' in public.get("/").content.decode()
    assert public.get("/resolutions/999999/").status_code == 404


def test_the_api_reads_a_resolution_with_its_articles_and_makes_a_task_from_one(
    world: World, adopted: Resolution, failed: Resolution
) -> None:
    article = _article(adopted, 2, "1")
    body = {"title": "Triển khai Nghị quyết", "issuer": world.committee.pk, "lead_unit": world.finance.pk, "article": article.pk}
    refused = world.client_for(world.officer).post(
        f"/api/v1/resolutions/{adopted.pk}/tasks", body, content_type="application/json"
    )
    assert refused.status_code == 403
    made = world.client_for(world.committee_office).post(
        f"/api/v1/resolutions/{adopted.pk}/tasks", body, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["source"] == "resolution" and made.json()["source_ref"] == "Điều 2, khoản 1"
    no = world.client_for(world.committee_office).post(
        f"/api/v1/resolutions/{failed.pk}/tasks", {**body, "article": None}, content_type="application/json"
    )
    assert no.status_code == 422 and "không được thông qua" in no.content.decode()
    got = world.client_for(None).get(f"/api/v1/resolutions/{adopted.pk}").json()
    assert got["adopted"] is True and got["vote_event"]["result"] == "pass"
    labels = [a["label"] for a in got["articles"]]
    assert labels[:2] == ["Điều 1", "Điều 1, mục I, khoản 1"] and "Điều 2, khoản 1" in labels
    row = next(a for a in got["articles"] if a["id"] == article.pk)
    # A draft made through the API is not public follow-up.
    assert row["tasks"] == [] and got["progress"]["total"] == 0
    office = world.client_for(world.committee_office).get(f"/api/v1/resolutions/{adopted.pk}").json()
    row = next(a for a in office["articles"] if a["id"] == article.pk)
    assert [t["title"] for t in row["tasks"]] == ["Triển khai Nghị quyết"] and row["progress"]["total"] == 1
    assert world.client_for(None).get(f"/api/v1/resolutions/{failed.pk}").json()["adopted"] is False
