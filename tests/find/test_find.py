"""Lists with filters and one search across the system (issue 10): diacritic-free, shareable filters in the URL,
failed resolutions never listed as adopted, tasks only as the policy shows them, no query per row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from tests.conftest import World
from thucthi.core import clock
from thucthi.council import questioning, search
from thucthi.council.models import AnswerMode, Delegate, Resolution, Session, SessionState
from thucthi.council.services import (
    delegate_add,
    resolution_create,
    session_create,
    session_set_state,
    term_create,
    vote_record_tally,
)
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import Person, SuccessionKind, Unit, UnitKind
from thucthi.tasks.models import Task

DAY = dt.date(2026, 7, 14)


@pytest.fixture
def record(world: World) -> tuple[Session, list[Delegate]]:
    """A session of this province's council with ten delegates, one failed and two adopted resolutions,
    and a question answered with a commitment that became a task."""
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    session = session_create(actor=None, term=term, number=3, start=DAY, end=DAY + dt.timedelta(days=1))
    delegates = [
        delegate_add(actor=None, term=term, person=Person.objects.create(full_name=name), elected_on=dt.date(2026, 3, 15))
        for name in ["Nguyễn Thị Hằng (mẫu)", "Trần Văn Đức (mẫu)", *[f"Đại biểu {i:02d} (mẫu)" for i in range(8)]]
    ]
    session = session_set_state(actor=None, session=session, state=SessionState.OPEN)
    failed = resolution_create(
        actor=None,
        council=world.council,
        number="7/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về phí sử dụng hạ tầng cửa khẩu (mẫu)",
        session=session,
    )
    vote_record_tally(
        actor=None, session=session, motion="Thông qua nghị quyết 7", day=DAY, yes=5, no=3, abstain=0, absent=2, resolution=failed
    )
    adopted = resolution_create(
        actor=None,
        council=world.council,
        number="8/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về đầu tư hạ tầng giao thông nông thôn (mẫu)",
        session=session,
    )
    vote_record_tally(
        actor=None, session=session, motion="Thông qua nghị quyết 8", day=DAY, yes=8, no=1, abstain=0, absent=1, resolution=adopted
    )
    resolution_create(
        actor=None,
        council=world.council,
        number="9/2026/NQ-HĐND",
        adopted_on=DAY,
        title="Nghị quyết về giá dịch vụ y tế (mẫu)",
        session=session,
    )
    with clock.frozen(DAY):
        question = questioning.question_register(
            actor=None,
            session=session,
            asker=delegates[0],
            respondent=Person.objects.create(full_name="Giám đốc Sở Tài chính (mẫu)"),
            respondent_title="Giám đốc Sở Tài chính",
            respondent_unit=world.finance,
            topic="Đầu tư công",
            text="Vì sao vốn đầu tư hạ tầng khu công nghiệp giải ngân chậm?",
        )
        questioning.answer_record(
            actor=world.council_office,
            question=question,
            mode=AnswerMode.ORAL,
            text="Sở sẽ tham mưu điều chuyển vốn.",
            answered_on=DAY,
            commitments=[
                questioning.CommitmentInput("Điều chuyển vốn hạ tầng chậm giải ngân", dt.date(2026, 9, 30), world.finance)
            ],
        )
    return session, delegates


def _other_province_task(world: World) -> Task:
    """A task of the other province (P96) about infrastructure: never shown to this province's users."""
    return Task.objects.create(
        title="Nâng cấp hạ tầng cửa khẩu Lân Cận (mẫu)",
        issuer=world.other_committee,
        lead_unit=world.other_department,
        state="issued",
        deadline=dt.date(2026, 12, 31),
    )


def test_it_finds_resolutions_without_diacritics_and_never_lists_a_failed_one_as_adopted(
    world: World, record: tuple[Session, list[Delegate]]
) -> None:
    public = world.client_for(None)
    page = public.get("/resolutions/?q=ha+tang").content.decode()
    assert "8/2026/NQ-HĐND" in page and "7/2026/NQ-HĐND" in page and "9/2026/NQ-HĐND" not in page
    adopted_one = Resolution.objects.get(number="8/2026/NQ-HĐND")
    assert f'<a href="/resolutions/{adopted_one.pk}/">' in page  # each opens its own page
    adopted = public.get("/resolutions/?q=ha+tang&adopted=yes").content.decode()
    assert "8/2026/NQ-HĐND" in adopted and "7/2026/NQ-HĐND" not in adopted
    failed = public.get("/resolutions/?adopted=no").content.decode()
    assert "7/2026/NQ-HĐND" in failed and "8/2026/NQ-HĐND" not in failed and "Không thông qua" in failed
    assert [r.number for r in search.resolutions_find(adopted=True, q="HẠ TẦNG")] == ["8/2026/NQ-HĐND"]


def test_a_list_opens_on_the_viewers_own_council_and_the_filter_is_in_the_url(
    world: World, record: tuple[Session, list[Delegate]]
) -> None:
    other_term = term_create(actor=None, council=world._other_units["HDND:P96"], number=17, start_year=2026, end_year=2031)
    session_create(actor=None, term=other_term, number=5, start=DAY, end=DAY)
    mine = world.client_for(world.council_office).get("/sessions/").content.decode()
    assert "Kỳ họp thứ 3" in mine and "Kỳ họp thứ 5" not in mine
    everywhere = world.client_for(world.council_office).get("/sessions/?council=").content.decode()
    assert "Kỳ họp thứ 3" in everywhere and "Kỳ họp thứ 5" in everywhere
    theirs = (
        world.client_for(None)
        .get(f"/sessions/?council={world._other_units['HDND:P96'].pk}&year=2026&q=ky+hop+thu+5")
        .content.decode()
    )
    assert "Kỳ họp thứ 5" in theirs and "Kỳ họp thứ 3" not in theirs
    # The session filter offers the sessions of the councils the list is on.
    filters = world.client_for(world.council_office).get("/resolutions/").content.decode()
    assert "Kỳ họp thứ 3 (14/07/2026)" in filters and "Kỳ họp thứ 5 (" not in filters


def test_a_wrong_filter_is_named_next_to_its_field_and_keeps_what_was_typed(
    world: World, record: tuple[Session, list[Delegate]]
) -> None:
    response = world.client_for(None).get("/questions/?q=giai+ngan&state=lost&session=abc")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="field-error"') == 2 and "không có trong danh sách" in page
    assert page.count('aria-invalid="true"') == 2 and 'aria-describedby="id_state_error"' in page
    # What was typed stays; no list is shown for a filter that was refused, not even an empty one.
    assert 'value="giai ngan"' in page and "0 kết quả" not in page and "Không tìm thấy câu hỏi" not in page


def test_delegates_by_name_term_and_whether_still_serving(world: World, record: tuple[Session, list[Delegate]]) -> None:
    _, delegates = record
    Delegate.objects.filter(pk=delegates[1].pk).update(left_on=dt.date(2026, 10, 1), left_reason="Chuyển công tác")
    public = world.client_for(None)
    found = public.get("/delegates/?q=nguyen+thi+hang").content.decode()
    assert f'href="/delegates/{delegates[0].pk}/"' in found and "Đại biểu 01" not in found
    serving = public.get("/delegates/?serving=yes&q=tran+van+duc").content.decode()
    assert "Trần Văn Đức" not in serving
    left = public.get("/delegates/?serving=no").content.decode()
    assert "Trần Văn Đức" in left and "Thôi từ 01/10/2026" in left


def test_questions_and_commitments_by_unit_due_and_task(world: World, record: tuple[Session, list[Delegate]]) -> None:
    public = world.client_for(None)
    by_unit = public.get(f"/questions/?respondent_unit={world.finance.pk}&q=khu+cong+nghiep").content.decode()
    assert "giải ngân chậm" in by_unit
    assert "giải ngân chậm" not in public.get(f"/questions/?respondent_unit={world.health.pk}").content.decode()
    # Standing on 24/11/2026, the commitment due 30/09/2026 and not done is overdue, and its task says so.
    overdue = public.get("/commitments/?due=overdue&task=overdue").content.decode()
    assert "Điều chuyển vốn hạ tầng chậm giải ngân" in overdue and "Quá hạn" in overdue
    assert "Điều chuyển vốn" not in public.get("/commitments/?due=soon").content.decode()
    assert "Điều chuyển vốn" not in public.get("/commitments/?task=none").content.decode()
    with clock.frozen(dt.date(2026, 9, 10)):
        assert [c.text for c in search.commitments_find(today=clock.today(), due="soon")] == [
            "Điều chuyển vốn hạ tầng chậm giải ngân"
        ]


def test_one_search_groups_every_kind_and_links_to_the_filtered_list(
    world: World, record: tuple[Session, list[Delegate]]
) -> None:
    page = world.client_for(world.council_office).get("/search/?q=ha+tang").content.decode()
    for kind in ("resolutions", "questions", "commitments", "tasks"):
        assert f'data-testid="found-{kind}"' in page
    assert "Nghị quyết <small>(2)</small>" in page
    assert 'href="/resolutions/?q=ha+tang&amp;council="' in page


def test_the_search_never_shows_another_provinces_tasks(world: World, record: tuple[Session, list[Delegate]]) -> None:
    task = _other_province_task(world)
    mine = world.client_for(world.committee_office).get("/search/?q=cua+khau").content.decode()
    assert task.title not in mine
    theirs = world.client_for(world.other_office).get("/search/?q=cua+khau").content.decode()
    assert task.title in theirs
    public = world.client_for(None).get("/search/?q=cua+khau").content.decode()
    assert task.title not in public and 'data-testid="found-tasks"' not in public


def test_the_search_says_when_the_query_is_empty_too_short_or_finds_nothing(world: World) -> None:
    client = world.client_for(None)
    assert "Hãy gõ điều cần tìm" in client.get("/search/").content.decode()
    assert "quá ngắn" in client.get("/search/?q=%C4%91").content.decode()
    assert "Không tìm thấy kết quả nào cho “xyzzy qwerty”" in client.get("/search/?q=xyzzy+qwerty").content.decode()


def test_every_page_has_the_search_box_and_links_to_the_lists(world: World) -> None:
    page = world.client_for(None).get("/").content.decode()
    assert '<form role="search"' in page and 'action="/search/"' in page
    for url in ("/sessions/", "/resolutions/", "/delegates/"):
        assert f'href="{url}"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/sessions/?council=",
        "/resolutions/?council=",
        "/delegates/?council=",
        "/questions/?council=",
        "/commitments/?council=",
        "/search/?q=ha+tang",
    ],
)
def test_a_list_reads_without_a_query_per_row(
    world: World, record: tuple[Session, list[Delegate]], url: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    session, delegates = record
    client = world.client_for(world.council_office)
    client.get(url)  # warm the session and the user's scopes
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(4):
        resolution_create(
            actor=None,
            council=world.council,
            number=f"{20 + i}/2026/NQ-HĐND",
            adopted_on=DAY,
            title=f"Nghị quyết về hạ tầng số {i} (mẫu)",
            session=session,
        )
        with clock.frozen(DAY):
            question = questioning.question_register(
                actor=None,
                session=session,
                asker=delegates[i + 2],
                respondent=Person.objects.create(full_name=f"Giám đốc {i} (mẫu)"),
                respondent_title="Giám đốc Sở",
                respondent_unit=world.health,
                text=f"Câu hỏi {i} về hạ tầng y tế cơ sở?",
            )
            questioning.answer_record(
                actor=world.council_office,
                question=question,
                mode=AnswerMode.ORAL,
                text="Sẽ làm.",
                answered_on=DAY,
                commitments=[
                    questioning.CommitmentInput(f"Nâng cấp hạ tầng trạm y tế đợt {i}", dt.date(2026, 12, 30), world.health)
                ],
            )
    # Four more of every kind of row, and not one query more.
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_list_opens_on_the_council_of_a_province_merged_into_the_viewers(world: World) -> None:
    """Hưng Yên took over Thái Bình in 2025: the earlier sessions belong to the councils before the merger,
    and the merged province's users find them without choosing a council."""
    units_load(
        actor=None,
        dataset="test-merged-province",
        units=[
            UnitSpec(
                code="P95",
                kind=UnitKind.PROVINCE,
                name="Tỉnh Sáp Nhập",
                short_name="Sáp Nhập",
                division_type="tỉnh",
                gso_code="95",
                valid_to=dt.date(2025, 6, 30),
            ),
            UnitSpec(
                code="HDND:P95",
                kind=UnitKind.PEOPLES_COUNCIL,
                name="Hội đồng nhân dân tỉnh Sáp Nhập",
                short_name="HĐND tỉnh Sáp Nhập",
                parent="P95",
                valid_to=dt.date(2025, 6, 30),
            ),
        ],
        links=[SuccessionSpec("P95", "P99", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15")],
    )
    merged = Unit.objects.get(code="HDND:P95")
    term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    term = term_create(actor=None, council=merged, number=16, start_year=2021, end_year=2026)
    session_create(actor=None, term=term, number=9, start=dt.date(2024, 7, 10), end=dt.date(2024, 7, 11))
    assert set(search.own_councils(world.council_office)) == {world.council.pk, merged.pk}
    page = world.client_for(world.council_office).get("/sessions/").content.decode()
    assert "Kỳ họp thứ 9" in page and '<option value="mine" selected>Tỉnh của tôi</option>' in page
    assert "HĐND tỉnh Sáp Nhập (đến 2025)" in page  # a closed council shows its years
    # Another province's office opens on its own council.
    term_create(actor=None, council=world._other_units["HDND:P96"], number=17, start_year=2026, end_year=2031)
    assert "Kỳ họp thứ 9" not in world.client_for(world.other_office).get("/sessions/").content.decode()
