"""Shared fixtures: a small province with its bodies and departments, and one persona per role.

Personas (healthchecks-style): `alice` administers; `chau` works in the council office;
`binh` in the People's Committee office; `dung` is an officer and `hoa` the head of the
Department of Finance; `khanh` heads the Department of Health (the "other unit"); `lan`
is a delegate. Another small province, P96, has its own offices: `quang` in its People's
Committee office and `tam` in its council office (the "other province").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.test import Client

from thucthi.accounts.models import Role, User
from thucthi.accounts.services import user_create
from thucthi.core import clock
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import Person, SuccessionKind, Unit, UnitKind

PASSWORD = "mat-khau-thu-nghiem-2020"
MERGER = dt.date(2025, 3, 1)


@dataclass
class World:
    province: Unit
    council: Unit
    committee: Unit
    finance: Unit
    health: Unit
    planning: Unit  # merged into finance on 1/3/2025
    admin: User
    council_office: User
    committee_office: User
    officer: User
    head: User
    other_head: User
    delegate: User

    # Another province (P96) and its offices, loaded on first use so that tests counting this
    # province's units or users are not disturbed.
    @cached_property
    def _other_units(self) -> dict[str, Unit]:
        return other_small_province()

    @property
    def other_province(self) -> Unit:
        return self._other_units["P96"]

    @property
    def other_committee(self) -> Unit:
        return self._other_units["UBND:P96"]

    @property
    def other_department(self) -> Unit:
        return self._other_units["DEPT:P96:tc"]

    @cached_property
    def other_office(self) -> User:
        """The People's Committee office of P96."""
        return make_user("quang", Role.COMMITTEE_OFFICE, self._other_units["UBND:P96"])

    @cached_property
    def other_council_office(self) -> User:
        """The council office of P96."""
        return make_user("tam", Role.COUNCIL_OFFICE, self._other_units["HDND:P96"])

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def small_province() -> dict[str, Unit]:
    units = [
        UnitSpec(code="P99", kind=UnitKind.PROVINCE, name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm", division_type="tỉnh", gso_code="99"),
        UnitSpec(code="HDND:P99", kind=UnitKind.PEOPLES_COUNCIL, name="Hội đồng nhân dân tỉnh Thử Nghiệm", short_name="HĐND tỉnh Thử Nghiệm", parent="P99"),
        UnitSpec(code="UBND:P99", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND tỉnh Thử Nghiệm", parent="P99"),
        UnitSpec(code="DEPT:P99:tc", kind=UnitKind.DEPARTMENT, name="Sở Tài chính tỉnh Thử Nghiệm", short_name="Sở Tài chính", abbreviation="Sở TC", parent="UBND:P99"),
        UnitSpec(code="DEPT:P99:yt", kind=UnitKind.DEPARTMENT, name="Sở Y tế tỉnh Thử Nghiệm", short_name="Sở Y tế", parent="UBND:P99"),
        UnitSpec(code="DEPT:P99:khdt", kind=UnitKind.DEPARTMENT, name="Sở Kế hoạch và Đầu tư tỉnh Thử Nghiệm", short_name="Sở Kế hoạch và Đầu tư",
                 abbreviation="Sở KH&ĐT", parent="UBND:P99", valid_to=MERGER - dt.timedelta(days=1)),
    ]
    links = [SuccessionSpec("DEPT:P99:khdt", "DEPT:P99:tc", SuccessionKind.MERGE, MERGER, "Nghị định số 45/2025/NĐ-CP")]
    units_load(actor=None, dataset="test-small-province", units=units, links=links)
    return {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in units])}


def other_small_province() -> dict[str, Unit]:
    """P96: a second province with its council, committee and one department, to show that one
    province's offices are refused on another's objects."""
    units = [
        UnitSpec(code="P96", kind=UnitKind.PROVINCE, name="Tỉnh Lân Cận", short_name="Lân Cận", division_type="tỉnh", gso_code="96"),
        UnitSpec(code="HDND:P96", kind=UnitKind.PEOPLES_COUNCIL, name="Hội đồng nhân dân tỉnh Lân Cận", short_name="HĐND tỉnh Lân Cận", parent="P96"),
        UnitSpec(code="UBND:P96", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Lân Cận", short_name="UBND tỉnh Lân Cận", parent="P96"),
        UnitSpec(code="DEPT:P96:tc", kind=UnitKind.DEPARTMENT, name="Sở Tài chính tỉnh Lân Cận", short_name="Sở Tài chính", parent="UBND:P96"),
    ]
    units_load(actor=None, dataset="test-other-province", units=units, links=[])
    return {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in units])}


def make_user(username: str, role: Role, unit: Unit | None) -> User:
    user = user_create(actor=None, username=username, password=PASSWORD, role=role, full_name=username.title(), unit=unit)
    user.person = Person.objects.create(full_name=username.title())
    user.save(update_fields=["person"])
    return user


@pytest.fixture
def world(db: None) -> World:
    u = small_province()
    return World(
        province=u["P99"], council=u["HDND:P99"], committee=u["UBND:P99"], finance=u["DEPT:P99:tc"],
        health=u["DEPT:P99:yt"], planning=u["DEPT:P99:khdt"],
        admin=make_user("alice", Role.ADMIN, None),
        council_office=make_user("chau", Role.COUNCIL_OFFICE, u["HDND:P99"]),
        committee_office=make_user("binh", Role.COMMITTEE_OFFICE, u["UBND:P99"]),
        officer=make_user("dung", Role.UNIT_OFFICER, u["DEPT:P99:tc"]),
        head=make_user("hoa", Role.UNIT_HEAD, u["DEPT:P99:tc"]),
        other_head=make_user("khanh", Role.UNIT_HEAD, u["DEPT:P99:yt"]),
        delegate=make_user("lan", Role.DELEGATE, u["HDND:P99"]),
    )


# Every test stands on this day unless it freezes or moves the clock itself (`clock.frozen`,
# `clock.travel`), so a date written in a test keeps its meaning whatever day the suite runs.
# A test about the real clock opts out with @pytest.mark.real_clock. (The browser tests drive a real
# server, which reads its own clock; THUCTHI_CLOCK_OFFSET_DAYS moves it.)
STANDING_DAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def standing_day(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("browser"):
        yield
        return
    with clock.frozen(STANDING_DAY):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    # PBKDF2's million rounds are right for production and needless for fixtures.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
