"""The hand-written SQL of `thucthi bench units` must give the selector's answer.

The benchmark compares `orgs.selectors.unit_list` with plain SQL; if the selector changes
(a filter, the ranking, the kind order) and the SQL does not, the comparison would be
between two different searches. These tests run the benchmark's equality check — never
its timing loop — on a small data set built to exercise every part of the ordering.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from thucthi.bench import common
from thucthi.bench import units as bench
from thucthi.bench.management.commands import bench as bench_command
from thucthi.cli.main import main
from thucthi.orgs import selectors
from thucthi.orgs.loader import UnitSpec, units_load
from thucthi.orgs.models import UnitKind

REORG = dt.date(2025, 7, 1)
BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def tiny_directory() -> None:
    """Two old provinces merged into one, their bodies and departments, and 60 communes:
    exact, prefix and mid-name matches, every kind, duplicate names, more than a page."""
    units = [
        UnitSpec(code="P1@old", kind=UnitKind.PROVINCE, name="Tỉnh Hưng Yên", short_name="Hưng Yên", valid_to=BEFORE),
        UnitSpec(code="P2@old", kind=UnitKind.PROVINCE, name="Tỉnh Thái Bình", short_name="Thái Bình", valid_to=BEFORE),
        UnitSpec(code="P1", kind=UnitKind.PROVINCE, name="Tỉnh Hưng Yên", short_name="Hưng Yên", valid_from=REORG),
        UnitSpec(code="P3", kind=UnitKind.PROVINCE, name="Thành phố Hà Nội", short_name="Hà Nội"),
        UnitSpec(code="HDND:P1", kind=UnitKind.PEOPLES_COUNCIL, name="Hội đồng nhân dân tỉnh Hưng Yên", short_name="HĐND tỉnh Hưng Yên", parent="P1"),
        UnitSpec(code="TT:P1", kind=UnitKind.STANDING_COMMITTEE, name="Thường trực HĐND tỉnh Hưng Yên", parent="HDND:P1"),
        UnitSpec(code="BAN:P1", kind=UnitKind.COUNCIL_COMMITTEE, name="Ban Kinh tế - Ngân sách HĐND tỉnh Hưng Yên", parent="HDND:P1"),
        UnitSpec(code="UBND:P1", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND tỉnh Hưng Yên", parent="P1"),
        UnitSpec(code="TC:P1", kind=UnitKind.DEPARTMENT, name="Sở Tài chính tỉnh Hưng Yên", short_name="Sở Tài chính", parent="UBND:P1"),
        UnitSpec(code="KH:P1@old", kind=UnitKind.DEPARTMENT, name="Sở Kế hoạch và Đầu tư tỉnh Hưng Yên", short_name="Sở Kế hoạch và Đầu tư",
                 abbreviation="Sở KH&ĐT", parent="UBND:P1", valid_to=dt.date(2025, 2, 28)),
        UnitSpec(code="KCN:P1", kind=UnitKind.AGENCY, name="Ban Quản lý các khu công nghiệp tỉnh Hưng Yên", parent="UBND:P1"),
        UnitSpec(code="D1@old", kind=UnitKind.DISTRICT, name="Thị xã Mỹ Hào", short_name="Mỹ Hào", parent="P1@old", valid_to=BEFORE),
        UnitSpec(code="D2@old", kind=UnitKind.DISTRICT, name="Huyện Tân An", short_name="Tân An", parent="P2@old", valid_to=BEFORE),
    ]
    names = ["An", "Tân An", "An Bình", "Hưng Yên", "Phường An", "Ân Thi", "Tân", "Xuân An", "An Hòa", "Hòa An"]
    for i in range(60):
        name = names[i % len(names)]
        old = i % 3 == 0
        prefix = "Phường" if i % 4 == 0 else "Xã"
        units.append(UnitSpec(
            code=f"C{i}", kind=UnitKind.COMMUNE, name=f"{prefix} {name}", short_name=name, parent="D1@old" if old else "P1",
            valid_to=BEFORE if old else None, valid_from=None if old else REORG,
        ))
        if i % 5 == 0:
            units.append(UnitSpec(code=f"UB:C{i}", kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {prefix.lower()} {name}",
                                  short_name=f"UBND {prefix.lower()} {name}", parent=f"C{i}"))
    units_load(actor=None, dataset="t", units=units, links=[])


@pytest.fixture
def directory(db: None) -> None:
    tiny_directory()


def all_cases() -> list[bench.UnitCase]:
    cases = bench.unit_cases(valid_on=AFTER) + bench.unit_cases(valid_on=BEFORE)
    cases += bench.unit_cases(["an", "xa an", "hung", "Sở", "tinh hung yen", "zzz"], kind=UnitKind.COMMUNE, valid_on=AFTER)
    cases.append(bench.UnitCase("an", kind=(UnitKind.COMMUNE, UnitKind.PEOPLES_COMMITTEE), valid_on=AFTER))
    return cases


def test_the_hand_written_sql_gives_the_selectors_answer_for_every_query(directory: None) -> None:
    cases = all_cases()
    assert bench.unit_mismatches(cases) == []
    answers = {c: bench.unit_search_orm(c) for c in cases}
    # The data set really exercises the ordering and the page limit, not just empty results.
    assert any(a.count > common.PAGE_SIZE and len(a.ids) == common.PAGE_SIZE for a in answers.values())
    assert sum(1 for a in answers.values() if len(a.ids) > 5) >= 10
    kinds_on_one_page = {
        u.kind for u in selectors.unit_list(q="hung yen")[: common.PAGE_SIZE]
    }
    assert len(kinds_on_one_page) >= 5


def test_the_check_notices_when_the_selector_and_the_sql_drift_apart(directory: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "KIND_ORDER", list(reversed(selectors.KIND_ORDER)))
    mismatches = bench.unit_mismatches([bench.UnitCase("hung yen")])
    assert len(mismatches) == 1
    assert "hung yen" in str(mismatches[0])


def test_the_command_stops_before_timing_when_the_answers_differ(directory: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_command, "MIN_UNITS", 0)  # the tiny data set is enough; do not load the demo
    monkeypatch.setattr(selectors, "KIND_ORDER", list(reversed(selectors.KIND_ORDER)))

    def no_timing(*args: object, **kwargs: object) -> None:
        raise AssertionError("timed although the answers differ")

    monkeypatch.setattr(bench, "unit_run", no_timing)
    with pytest.raises(CommandError, match="khác nhau"):
        call_command("bench", "units", "--queries", "hung yen")


def test_percentiles_interpolate_between_ranks() -> None:
    samples = [float(x) for x in range(1, 101)]
    assert common.percentile(samples, 50) == pytest.approx(50.5)
    assert common.percentile(samples, 95) == pytest.approx(95.05)
    assert common.percentile([3.0], 95) == 3.0


def test_it_lists_the_three_benchmarks_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["thucthi", "bench", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal's width
    assert "{units,tasks,indicators}" in out
    assert "unit and agency search" in out and "scorecard on a million tasks" in out and "national aggregates" in out
