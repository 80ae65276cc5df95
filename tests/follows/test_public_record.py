"""The delegate's public record: who, the numbers, questions with answers and commitments,
sittings per session with absences and reasons, votes with the true result; one "mẫu" label."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.follows.fixtures import ask, council, vote
from thucthi.core import clock
from thucthi.council import selectors

pytestmark = pytest.mark.django_db


def test_the_record_counts_questions_sittings_and_votes(world: World) -> None:
    c = council(world)
    record = selectors.delegate_public_record(c.delegates[0], today=clock.today())
    assert (record.n_asked, record.n_answered) == (1, 1)
    assert (record.sittings_attended, record.sittings_recorded, record.sittings_held) == (0, 1, 2)
    assert [r.attendance.reason for r in record.absences if r.attendance] == ["Đi công tác"]
    assert [(choice, n) for choice, _, n in record.vote_counts] == [("yes", 2), ("no", 0), ("abstain", 0), ("absent", 0)]
    assert [row.commitments[0].status for row in record.questions] == ["overdue"]  # promised by 30/09/2026, today 24/11/2026
    later = selectors.delegate_public_record(c.delegates[9], today=clock.today())
    assert (later.sittings_attended, later.n_asked) == (1, 0)
    assert [(choice, n) for choice, _, n in later.vote_counts][:1] == [("yes", 0)]


def test_the_page_shows_the_record_and_never_a_failed_motion_as_adopted(world: World) -> None:
    c = council(world)
    html = Client().get(f"/delegates/{c.delegates[0].pk}/").content.decode()
    assert "Đang là đại biểu" in html and "Điều chuyển vốn đợt 0" in html and "Sở sẽ tham mưu điều chuyển vốn, đợt 0" in html
    assert "Vắng: Đi công tác" in html and "Chưa ghi nhận" in html
    assert "Có mặt 0/1 phiên họp có điểm danh, vắng 1 phiên; chưa ghi nhận điểm danh ở 1 phiên họp" in html
    rows = html.split('id="votes"')[1]
    assert "Thông qua nội dung số 1" in rows and "Không thông qua</span> (5/10)" in rows and "Thông qua</span> (6/10)" in rows
    assert 'name="kind" value="delegate"' in html and 'name="kind" value="commitment"' in html


def test_a_sample_delegate_is_labelled_once(world: World) -> None:
    c = council(world, sample=True)
    html = Client().get(f"/delegates/{c.delegates[0].pk}/").content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert heading.count("mẫu") == 1 and "(mẫu)" not in heading


def test_the_page_reads_without_a_query_per_row(world: World) -> None:
    c = council(world)
    client = Client()
    url = f"/delegates/{c.delegates[0].pk}/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    for i in range(1, 4):
        ask(world, c.session, c.delegates[0], 10 + i)
        vote(c.session, c.delegates, 10 + i, yes=7)
    assert queries() == first


def test_a_sample_persons_page_is_labelled_once_too(world: World) -> None:
    c = council(world, sample=True)
    html = Client().get(f"/people/{c.delegates[0].person_id}/").content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert heading.count("mẫu") == 1
