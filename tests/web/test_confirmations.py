"""Actions that cannot be undone ask first, on the server too (a submit without JavaScript, an old
page or a script gets a page that asks, and nothing changes until it is confirmed)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import World
from thucthi.core import clock
from thucthi.council.models import Session, SessionState
from thucthi.council.services import session_create, term_create
from thucthi.tasks import services
from thucthi.tasks.models import State, Task

DAY = dt.date(2026, 11, 24)


def _session(world: World) -> Session:
    term = term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031)
    return session_create(actor=None, term=term, number=5, start=DAY, end=DAY)


def _task(world: World) -> Task:
    return services.task_create(
        actor=None,
        title="Rà soát hồ sơ đất đai (thử nghiệm)",
        issuer=world.committee,
        lead_unit=world.finance,
        responsible=world.officer.person,
        accepting_unit=world.committee,
        expected_product="Báo cáo",
        deadline=clock.today() + dt.timedelta(days=30),
        issue=True,
    )


def test_it_asks_before_opening_a_session_and_opens_it_once_confirmed(world: World) -> None:
    session = _session(world)
    client = world.client_for(world.council_office)
    url = f"/sessions/{session.pk}/act/open/"

    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Xác nhận thao tác" in page
    assert f"Khai mạc kỳ họp thứ {session.number}?" in page
    assert 'name="confirmed" value="1"' in page and f'href="/sessions/{session.pk}/"' in page
    session.refresh_from_db()
    assert session.state != SessionState.OPEN

    done = client.post(url, {"confirmed": "1"})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.OPEN


def test_it_asks_before_closing_a_session(world: World) -> None:
    session = _session(world)
    client = world.client_for(world.council_office)
    client.post(f"/sessions/{session.pk}/act/open/", {"confirmed": "1"})
    asked = client.post(f"/sessions/{session.pk}/act/close/").content.decode()
    assert "Bế mạc kỳ họp thứ 5?" in asked and "phải mở lại kỳ họp" in asked
    session.refresh_from_db()
    assert session.state == SessionState.OPEN


def test_someone_who_may_not_open_the_session_is_refused_not_asked(world: World) -> None:
    session = _session(world)
    response = world.client_for(world.officer).post(f"/sessions/{session.pk}/act/open/")
    assert response.status_code == 403


def test_it_asks_before_cancelling_a_task_keeping_the_reason_typed(world: World) -> None:
    task = _task(world)
    client = world.client_for(world.committee_office)
    url = f"/tasks/{task.pk}/act/cancel/"

    asked = client.post(url, {"reason": "Trùng với nhiệm vụ <khác>"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Hủy nhiệm vụ “Rà soát hồ sơ đất đai (thử nghiệm)”?" in page
    assert 'name="reason" value="Trùng với nhiệm vụ &lt;khác&gt;"' in page
    task.refresh_from_db()
    assert task.state != State.CANCELLED

    client.post(url, {"reason": "Trùng với nhiệm vụ khác", "confirmed": "1"})
    task.refresh_from_db()
    assert task.state == State.CANCELLED


def test_the_buttons_of_irreversible_actions_carry_their_question(world: World) -> None:
    session = _session(world)
    page = world.client_for(world.council_office).get(f"/sessions/{session.pk}/").content.decode()
    assert 'data-confirm="Khai mạc kỳ họp thứ 5? Kỳ họp sẽ mở để biểu quyết và ghi chất vấn."' in page
    task = _task(world)
    page = world.client_for(world.committee_office).get(f"/tasks/{task.pk}/").content.decode()
    assert 'data-confirm="Hủy nhiệm vụ “Rà soát hồ sơ đất đai (thử nghiệm)”?' in page
