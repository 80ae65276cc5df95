"""The Vietnamese working-day calendar: national holidays from the `holidays` package, the
compensatory days and worked Saturdays, and a province's `CalendarOverride` rows on top.

Every expected date below is counted by hand; the comments show the count.
"""

from __future__ import annotations

import datetime as dt

import pytest

from thucthi.workdays.calendar import WorkCalendar, calendar
from thucthi.workdays.models import CalendarOverride, OverrideKind

D = dt.date
NATIONAL = WorkCalendar(days_off=frozenset(), working_days=frozenset())


def _off(day: dt.date, name: str = "Nghỉ theo quyết định của tỉnh") -> None:
    CalendarOverride.objects.create(day=day, kind=OverrideKind.DAY_OFF, name=name)


def _worked(day: dt.date, name: str = "Làm bù theo quyết định của tỉnh") -> None:
    CalendarOverride.objects.create(day=day, kind=OverrideKind.WORKING_DAY, name=name)


# --- national calendar -------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)])
def test_it_gives_tet_2026_off_from_new_years_eve_to_the_fourth_day(day: dt.date) -> None:
    # Lunar New Year 17/02/2026 (Tue): Giao thừa Mon 16/02 to Mùng bốn Fri 20/02 are days off.
    assert not NATIONAL.is_working_day(day)
    assert NATIONAL.holiday_name(day) is not None


def test_it_names_the_first_day_of_tet_2026_in_vietnamese() -> None:
    assert NATIONAL.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Fri before Tết: a normal working day
        (D(2026, 2, 14), False),  # Sat
        (D(2026, 2, 15), False),  # Sun
        (D(2026, 2, 21), False),  # Sat after Tết
        (D(2026, 2, 22), False),  # Sun after Tết
        (D(2026, 2, 23), True),  # Mon: first working day after Tết
    ],
)
def test_it_treats_the_days_around_tet_2026_by_weekday(day: dt.date, working: bool) -> None:
    assert NATIONAL.is_working_day(day) is working
    assert NATIONAL.holiday_name(day) is None


@pytest.mark.parametrize("day", [D(2025, 4, 30), D(2025, 5, 1)])
def test_it_gives_reunification_day_and_labour_day_off(day: dt.date) -> None:
    # 30/4/2025 Wed and 1/5/2025 Thu.
    assert not NATIONAL.is_working_day(day)


def test_it_gives_2_may_2025_off_in_exchange_for_saturday_26_april_worked() -> None:
    # Notice of the Ministry of Home Affairs: Fri 02/05/2025 off, Sat 26/04/2025 worked instead.
    assert not NATIONAL.is_working_day(D(2025, 5, 2))
    assert NATIONAL.is_working_day(D(2025, 4, 26))
    assert D(2025, 4, 26).weekday() == 5  # it really is a Saturday
    # The Saturday after it is an ordinary weekend day.
    assert not NATIONAL.is_working_day(D(2025, 5, 3))


@pytest.mark.parametrize(("day", "working"), [(D(2025, 8, 29), True), (D(2025, 9, 1), False), (D(2025, 9, 2), False), (D(2025, 9, 3), True)])
def test_it_gives_national_day_2025_off_with_its_adjacent_monday(day: dt.date, working: bool) -> None:
    # 2/9/2025 is a Tuesday; the adjacent day off is Mon 1/9. Fri 29/8 and Wed 3/9 are worked.
    assert NATIONAL.is_working_day(day) is working


def test_it_works_an_ordinary_weekday_and_rests_an_ordinary_weekend() -> None:
    assert NATIONAL.is_working_day(D(2026, 3, 10))  # Tue
    assert not NATIONAL.is_working_day(D(2026, 3, 7))  # Sat
    assert not NATIONAL.is_working_day(D(2026, 3, 8))  # Sun
    assert NATIONAL.holiday_name(D(2026, 3, 10)) is None


# --- add_working_days ----------------------------------------------------------------------


def test_it_counts_five_working_days_from_12_february_2026_across_tet() -> None:
    # Start Thu 12/02 (not counted). Fri 13/02 = 1; Sat 14, Sun 15, Tết 16-20, Sat 21, Sun 22 skipped;
    # Mon 23 = 2, Tue 24 = 3, Wed 25 = 4, Thu 26 = 5.
    assert NATIONAL.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_it_counts_one_working_day_from_the_last_day_before_tet_to_the_first_day_after() -> None:
    # Fri 13/02 + 1: 14..22 are all off, so Mon 23/02.
    assert NATIONAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)


def test_it_counts_from_a_holiday_as_from_any_other_start_day() -> None:
    # Start on Tết (Tue 17/02, itself not counted): Mon 23 = 1, Tue 24 = 2.
    assert NATIONAL.add_working_days(D(2026, 2, 17), 2) == D(2026, 2, 24)


def test_it_counts_the_worked_saturday_and_skips_the_30_april_break_2025() -> None:
    # Start Fri 25/04/2025. Sat 26/04 (worked) = 1, Sun 27 skipped, Mon 28 = 2, Tue 29 = 3.
    assert NATIONAL.add_working_days(D(2025, 4, 25), 3) == D(2025, 4, 29)
    # Fourth day: Wed 30/4, Thu 1/5, Fri 2/5 (compensatory), Sat 3, Sun 4 off; Mon 05/05 = 4.
    assert NATIONAL.add_working_days(D(2025, 4, 25), 4) == D(2025, 5, 5)


def test_it_counts_across_new_year_into_the_next_years_holidays() -> None:
    # Wed 31/12/2025 + 1: Thu 01/01/2026 is New Year's Day, so Fri 02/01/2026.
    assert NATIONAL.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)


def test_it_counts_across_national_day_2025() -> None:
    # Fri 29/08/2025 + 1: Sat 30, Sun 31, Mon 1/9, Tue 2/9 off; Wed 03/09 = 1.
    assert NATIONAL.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)


def test_it_returns_the_start_day_for_zero_working_days() -> None:
    assert NATIONAL.add_working_days(D(2026, 2, 12), 0) == D(2026, 2, 12)


def test_it_refuses_a_negative_number_of_working_days() -> None:
    with pytest.raises(ValueError, match="negative"):
        NATIONAL.add_working_days(D(2026, 2, 12), -1)


# --- working_days_between ------------------------------------------------------------------


def test_it_counts_working_days_between_two_dates_across_tet() -> None:
    # After Thu 12/02 up to and including Thu 26/02/2026: 13, 23, 24, 25, 26 = 5.
    assert NATIONAL.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5


def test_it_counts_working_days_backwards_as_negative() -> None:
    assert NATIONAL.working_days_between(D(2026, 2, 26), D(2026, 2, 12)) == -5


def test_it_counts_no_working_days_between_a_day_and_itself_or_across_a_holiday_only_gap() -> None:
    assert NATIONAL.working_days_between(D(2026, 2, 12), D(2026, 2, 12)) == 0
    # After Fri 13/02 up to Sun 22/02: weekend, Tết, weekend = 0.
    assert NATIONAL.working_days_between(D(2026, 2, 13), D(2026, 2, 22)) == 0


def test_it_counts_the_worked_saturday_between_two_dates() -> None:
    # After Fri 25/04/2025 up to Mon 05/05/2025: Sat 26/04, Mon 28, Tue 29, Mon 5/5 = 4.
    assert NATIONAL.working_days_between(D(2025, 4, 25), D(2025, 5, 5)) == 4


@pytest.mark.parametrize("start", [D(2025, 4, 24), D(2025, 8, 28), D(2025, 12, 30), D(2026, 2, 10), D(2026, 2, 17)])
@pytest.mark.parametrize("count", [1, 3, 7, 20])
def test_it_counts_back_exactly_the_working_days_it_added(start: dt.date, count: int) -> None:
    end = NATIONAL.add_working_days(start, count)
    assert NATIONAL.working_days_between(start, end) == count
    assert NATIONAL.is_working_day(end)


# --- next_working_day (Civil Code 2015, art. 148) -----------------------------------------------


def test_it_moves_a_deadline_on_tet_to_the_first_working_day_after_it() -> None:
    # 17/02/2026 (Tết) → 18, 19, 20 Tết, 21-22 weekend → Mon 23/02.
    assert NATIONAL.next_working_day(D(2026, 2, 17)) == D(2026, 2, 23)


def test_it_moves_a_deadline_on_30_april_2025_past_the_compensatory_day() -> None:
    # Wed 30/4, Thu 1/5, Fri 2/5 (compensatory), Sat 3, Sun 4 → Mon 05/05/2025.
    assert NATIONAL.next_working_day(D(2025, 4, 30)) == D(2025, 5, 5)


def test_it_moves_a_sunday_deadline_to_monday() -> None:
    assert NATIONAL.next_working_day(D(2026, 3, 8)) == D(2026, 3, 9)


def test_it_keeps_a_deadline_that_falls_on_a_working_day() -> None:
    assert NATIONAL.next_working_day(D(2026, 2, 13)) == D(2026, 2, 13)
    # The Saturday worked in exchange is a working day too.
    assert NATIONAL.next_working_day(D(2025, 4, 26)) == D(2025, 4, 26)


# --- CalendarOverride rows win over the package ------------------------------------------------


def test_it_reads_no_overrides_from_an_empty_table(db: None) -> None:
    cal = calendar()
    assert cal == NATIONAL


def test_it_rests_on_a_weekday_the_province_declares_a_day_off(db: None) -> None:
    _off(D(2026, 3, 11))  # Wed
    cal = calendar()
    assert not cal.is_working_day(D(2026, 3, 11))
    # Tue 10/03 + 2: Wed 11 is off, so Thu 12 = 1, Fri 13 = 2.
    assert cal.add_working_days(D(2026, 3, 10), 2) == D(2026, 3, 13)
    assert cal.working_days_between(D(2026, 3, 10), D(2026, 3, 13)) == 2
    assert cal.next_working_day(D(2026, 3, 11)) == D(2026, 3, 12)


def test_it_works_on_a_saturday_the_province_declares_a_working_day(db: None) -> None:
    _worked(D(2026, 3, 7))  # Sat
    cal = calendar()
    assert cal.is_working_day(D(2026, 3, 7))
    # Fri 06/03 + 2: Sat 07 (worked) = 1, Sun 08 skipped, Mon 09 = 2.
    assert cal.add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 9)
    assert cal.next_working_day(D(2026, 3, 7)) == D(2026, 3, 7)


def test_it_lets_an_override_win_over_the_packages_holiday_and_worked_saturday(db: None) -> None:
    _worked(D(2026, 2, 20), "Làm việc ngày Mùng bốn")
    _off(D(2025, 4, 26), "Không làm bù")
    cal = calendar()
    assert cal.is_working_day(D(2026, 2, 20))
    assert not cal.is_working_day(D(2025, 4, 26))
    # Thu 12/02/2026 + 2: Fri 13 = 1, Fri 20 (worked by override) = 2.
    assert cal.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 20)
    # The package still names the holiday, whatever the province decided.
    assert cal.holiday_name(D(2026, 2, 20)) is not None


def test_it_sees_an_override_added_after_an_earlier_calendar_was_loaded(db: None) -> None:
    assert calendar().is_working_day(D(2026, 3, 11))
    _off(D(2026, 3, 11))
    assert not calendar().is_working_day(D(2026, 3, 11))
