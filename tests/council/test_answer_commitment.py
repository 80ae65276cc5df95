"""Issue 10: answer → commitment was a dead end on an older session (units of its day, each refused
as no longer in force; a default answer date before the question, refused too)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from tests.conftest import World
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import questioning, selectors
from thucthi.council.models import AnswerMode, Question, Session, SessionState
from thucthi.council.services import delegate_add, session_create, session_set_state, term_create
from thucthi.orgs.models import Person
from thucthi.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_session_question(world: World) -> tuple[Session, Question]:
    """A 2024 session, reopened today, with a question put to the planning department, which
    merged into finance on 1/3/2025."""
    term = term_create(actor=None, council=world.council, number=16, start_year=2021, end_year=2026)
    delegate = delegate_add(
        actor=None, term=term, person=Person.objects.create(full_name="Đại biểu Một"), elected_on=dt.date(2021, 5, 23)
    )
    session = session_create(actor=None, term=term, number=9, start=dt.date(2024, 7, 10), end=dt.date(2024, 7, 11))
    session = session_set_state(actor=None, session=session, state=SessionState.OPEN)
    question = questioning.question_register(
        actor=None,
        session=session,
        asker=delegate,
        respondent=Person.objects.create(full_name="Giám đốc Sở KH&ĐT"),
        respondent_title="Giám đốc Sở Kế hoạch và Đầu tư",
        respondent_unit=world.planning,
        text="Vì sao giải ngân vốn đầu tư công chậm và khi nào hoàn thành?",
    )
    return session, question


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))


def test_the_commitment_goes_to_a_unit_in_force_preset_to_the_successor(
    world: World, old_session_question: tuple[Session, Question], client: Client
) -> None:
    session, question = old_session_question
    client.force_login(world.council_office)
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    units = _options(page, f"answer{question.pk}-commitment_unit")
    assert world.finance.name in " ".join(units)
    assert world.planning.name not in " ".join(units), "a unit no longer in force is offered"
    preset = re.search(rf'<select name="answer{question.pk}-commitment_unit".*?</select>', page, re.S)
    assert preset is not None and re.search(rf'value="{world.finance.pk}"[^>]*selected', preset.group(0))
    day = re.search(rf'name="answer{question.pk}-answered_on" value="([^"]+)"', page)
    assert day is not None and day.group(1) == clock.today().strftime("%d/%m/%Y")

    # Submitting the form as it comes, with a commitment, makes a task of the unit in force.
    done = client.post(
        f"/sessions/{session.pk}/act/answer/",
        {
            "question": question.pk,
            f"answer{question.pk}-mode": AnswerMode.ORAL,
            f"answer{question.pk}-text": "Sở sẽ điều chuyển vốn.",
            f"answer{question.pk}-answered_on": day.group(1),
            f"answer{question.pk}-commitment": "Điều chuyển vốn các dự án chậm giải ngân",
            f"answer{question.pk}-commitment_due": "31/12/2026",
            f"answer{question.pk}-commitment_unit": world.finance.pk,
        },
        follow=True,
    )
    assert "cam kết đã được giao thành nhiệm vụ" in done.content.decode()
    task = Task.objects.get(title="Điều chuyển vốn các dự án chậm giải ngân")
    assert task.lead_unit == world.finance


def test_a_unit_not_in_force_on_the_answer_day_is_refused_next_to_its_field(
    world: World, old_session_question: tuple[Session, Question]
) -> None:
    _session, question = old_session_question
    with pytest.raises(DomainError) as refused:
        questioning.answer_record(
            actor=world.council_office,
            question=question,
            mode=AnswerMode.ORAL,
            text="Trả lời",
            answered_on=clock.today(),
            commitments=[questioning.CommitmentInput("Cam kết", None, world.planning)],
        )
    assert refused.value.field == "commitment_unit" and "không hoạt động vào ngày trả lời" in str(refused.value)
    assert not Task.objects.exists()


def test_the_default_answer_day_is_never_before_the_question(old_session_question: tuple[Session, Question]) -> None:
    session, question = old_session_question
    assert selectors.answer_day(session, question, today=clock.today()) == question.registered_on == clock.today()
    upcoming = Session(start=clock.today() + dt.timedelta(days=10), end=clock.today() + dt.timedelta(days=11))
    assert selectors.answer_day(upcoming, question, today=clock.today()) == upcoming.start


def test_a_refused_electronic_vote_comes_back_as_typed(world: World, old_session_question: tuple[Session, Question]) -> None:
    """Issue 10: every error on the session page reloaded it and emptied the fields; fifty choices
    typed for an electronic vote were lost to a mistyped date."""
    session, question = old_session_question
    delegate = question.asker
    client = world.client_for(world.council_office)
    bad = client.post(f"/sessions/{session.pk}/act/electronic/", {
        "motion": "Thông qua Nghị quyết về đầu tư công", "day": "31/02/2026", f"choice-{delegate.pk}": "no"})
    page = bad.content.decode()
    assert bad.status_code == 200 and "Ngày biểu quyết không hợp lệ" in page
    assert 'value="Thông qua Nghị quyết về đầu tư công"' in page and 'value="31/02/2026"' in page
    assert re.search(rf'name="choice-{delegate.pk}">.*?<option value="no" selected>', page, re.S)
    assert "<details open><summary>Ghi biểu quyết điện tử" in page


def test_the_unit_that_must_answer_finds_the_question_on_its_home(world: World, old_session_question: tuple[Session, Question]) -> None:
    """Walked in the browser: a question put to the Director of Finance reached neither the unit's
    home nor its lists. The unit (here the one that took over the planning department) sees it."""
    _session, question = old_session_question
    home = world.client_for(world.officer).get("/").content.decode()
    assert "Câu hỏi chất vấn gửi đơn vị chờ trả lời" in home and "Vì sao giải ngân vốn đầu tư công chậm" in home
    whole = world.client_for(world.officer).get("/my-work/questions-to-answer/").content.decode()
    assert "Vì sao giải ngân vốn đầu tư công chậm" in whole
    assert "Vì sao giải ngân vốn đầu tư công chậm" not in world.client_for(world.other_head).get("/").content.decode()
    questioning.answer_record(actor=world.council_office, question=question, mode=AnswerMode.ORAL, text="Trả lời.",
                              answered_on=clock.today())
    assert "Vì sao giải ngân vốn đầu tư công chậm" not in world.client_for(world.officer).get("/").content.decode()


def test_a_tally_that_does_not_add_up_is_said_in_the_vote_form_with_what_was_typed(
    world: World, old_session_question: tuple[Session, Question]
) -> None:
    """Walked in the browser: the refusal stood at the top of a long page, far from the vote form."""
    session, _question = old_session_question
    page = world.client_for(world.council_office).post(f"/sessions/{session.pk}/act/vote/", {
        "vote-motion": "Thông qua Nghị quyết về đầu tư công", "vote-day": "10/07/2024", "vote-yes": "40", "vote-no": "5",
        "vote-abstain": "3", "vote-absent": "2"}).content.decode()
    form = re.search(r'<form method="post" action="/sessions/\d+/act/vote/".*?</form>', page, re.S)
    assert form is not None and "lớn hơn tổng số đại biểu của Hội đồng (1)" in form.group(0)
    assert re.search(r'name="vote-yes" value="40"', form.group(0)) and re.search(r'name="vote-motion" value="Thông qua Nghị quyết về đầu tư công"', form.group(0))
