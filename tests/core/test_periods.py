"""Periods as Vietnamese documents and users write them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World
from thucthi.core.errors import DomainError
from thucthi.core.periods import parse_period


@pytest.mark.parametrize(("text", "key"), [
    ("2020", "2020"), ("năm 2020", "2020"), ("2020-Q3", "2020-Q3"), ("Q3/2020", "2020-Q3"), ("quý III/2020", "2020-Q3"),
    ("Quy 3 nam 2020", "2020-Q3"), ("quý IV năm 2021", "2021-Q4"), ("2020-H1", "2020-H1"), ("6 tháng đầu năm 2020", "2020-H1"),
    ("6 tháng cuối năm 2020", "2020-H2"), ("H2/2020", "2020-H2"), ("2020-07", "2020-07"), ("tháng 7/2020", "2020-07"), ("07/2020", "2020-07"),
])
def test_it_reads_a_period_however_a_document_writes_it(text: str, key: str) -> None:
    assert parse_period(text).key == key


def test_a_quarter_runs_from_its_first_to_its_last_day() -> None:
    p = parse_period("quý I/2024")
    assert (p.start, p.end, p.label) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Quý I/2024")


@pytest.mark.parametrize("text", ["Q5/2020", "13/2020", "quý V/2020", "tháng trước"])
def test_it_refuses_what_is_no_period_with_the_forms_it_accepts(text: str) -> None:
    with pytest.raises(DomainError, match="quý III/2020"):
        parse_period(text)


def test_the_scorecard_page_takes_a_written_quarter_and_keeps_a_wrong_one_as_typed(world: World) -> None:
    client = world.client_for(world.committee_office)
    assert "Quý III/2020" in client.get("/scorecards/", {"period": "quý III/2020"}).content.decode()
    page = client.get("/scorecards/", {"period": "quý 5/2020"}).content.decode()
    assert "Kỳ không hợp lệ" in page and 'value="quý 5/2020"' in page
