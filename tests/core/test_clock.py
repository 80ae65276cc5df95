"""The application's clock: frozen, stepped, and moved for the whole process."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.conftest import STANDING_DAY
from thucthi.core import clock


def test_every_test_stands_on_the_suites_day_unless_it_says_otherwise() -> None:
    assert clock.today() == STANDING_DAY


def test_a_frozen_clock_reads_its_day_and_a_travel_steps_through_a_story() -> None:
    with clock.frozen(dt.date(2020, 7, 14)):
        assert clock.today() == dt.date(2020, 7, 14)
        with clock.travel(dt.date(2020, 7, 15)) as t:
            t.by(1)
            assert clock.today() == t.day == dt.date(2020, 7, 16)
        assert clock.today() == dt.date(2020, 7, 14)


@pytest.mark.real_clock
def test_the_offset_moves_the_whole_process_by_whole_days() -> None:
    with override_settings(CLOCK_OFFSET_DAYS=730):
        moved = clock.now() - timezone.now()
    assert dt.timedelta(days=730) - dt.timedelta(seconds=5) < moved <= dt.timedelta(days=730)


def test_production_refuses_an_offset() -> None:
    env = {**os.environ, "THUCTHI_ENV": "production", "SECRET_KEY": "x" * 50, "THUCTHI_CLOCK_OFFSET_DAYS": "730",
           "ALLOWED_HOSTS": "example.org"}
    result = subprocess.run([str(Path(sys.executable).parent / "thucthi"), "check"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "THUCTHI_CLOCK_OFFSET_DAYS" in result.stdout + result.stderr
