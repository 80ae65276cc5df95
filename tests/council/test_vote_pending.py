"""Walked in the browser (issue 10): a resolution recorded in an open session, not yet voted on, was
published as passed. Until its vote, it is "Chưa biểu quyết": never listed as adopted, no source of
tasks; a resolution entered afterwards without a session, or once its session is over, stands."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World
from thucthi.council import selectors
from thucthi.council.io import opendata
from thucthi.council.models import Resolution, Session, SessionState
from thucthi.council.services import resolution_create, session_create, session_set_state, term_create, vote_record_tally

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)


@pytest.fixture
def open_session(world: World) -> Session:
    term = term_create(actor=None, council=world.council, number=18, start_year=2026, end_year=2031)
    term.delegates_total = 50
    term.save(update_fields=["delegates_total"])
    session = session_create(actor=None, term=term, number=7, start=DAY, end=DAY + dt.timedelta(days=1))
    return session_set_state(actor=None, session=session, state=SessionState.OPEN)


def _record(world: World, session: Session, number: str) -> Resolution:
    return resolution_create(actor=world.council_office, council=world.council, number=number, adopted_on=DAY,
                             title=f"Nghị quyết {number} (mẫu)", session=session)


def test_a_resolution_not_yet_voted_is_pending_not_adopted(world: World, open_session: Session) -> None:
    pending = _record(world, open_session, "88/NQ-HĐND")
    passed = _record(world, open_session, "89/NQ-HĐND")
    vote_record_tally(actor=world.council_office, session=open_session, motion="Thông qua 89", day=DAY, yes=30, no=10, abstain=0,
                      absent=10, resolution=passed)
    pending = Resolution.objects.select_related("session").get(pk=pending.pk)
    assert pending.vote_pending and not pending.adopted
    assert list(selectors.resolution_list(adopted=True)) == [Resolution.objects.get(pk=passed.pk)]
    assert list(selectors.resolution_list(adopted=False)) == [pending]
    client = world.client_for(None)
    page = client.get(f"/resolutions/{pending.pk}/").content.decode()
    assert "Chưa biểu quyết" in page and "Đã thông qua" not in page
    listed = client.get("/resolutions/?council=&adopted=yes").content.decode()
    assert "88/NQ-HĐND" not in listed and "89/NQ-HĐND" in listed
    assert "Chưa biểu quyết" in client.get(f"/sessions/{open_session.pk}/").content.decode()
    assert {r["identifier"]: r["status"] for r in opendata.resolutions()}["88/NQ-HĐND"] == "pending"


def test_once_the_session_is_over_an_unvoted_resolution_stands_as_entered(world: World, open_session: Session) -> None:
    entered = _record(world, open_session, "90/NQ-HĐND")
    session_set_state(actor=None, session=open_session, state=SessionState.CLOSED)
    entered = Resolution.objects.select_related("session").get(pk=entered.pk)
    assert entered.adopted and not entered.vote_pending
    no_session = resolution_create(actor=world.council_office, council=world.council, number="12/2016/NQ-HĐND",
                                   adopted_on=dt.date(2016, 7, 7), title="Nghị quyết về kế hoạch 5 năm")
    assert no_session.adopted


def test_the_task_form_offers_no_failed_or_pending_resolution(world: World, open_session: Session) -> None:
    pending = _record(world, open_session, "91/NQ-HĐND")
    failed = _record(world, open_session, "92/NQ-HĐND")
    vote_record_tally(actor=world.council_office, session=open_session, motion="Thông qua 92", day=DAY, yes=20, no=20, abstain=0,
                      absent=10, resolution=failed)
    page = world.client_for(world.committee_office).get("/tasks/new/").content.decode()
    assert "91/NQ-HĐND" not in page and "92/NQ-HĐND" not in page
    assert pending.pk and failed.pk
