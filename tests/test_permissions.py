"""Every URL and API operation against every role and a user of another unit.

The matrix is the contract: a new endpoint without an entry here fails
`test_it_has_an_entry_for_every_endpoint`, so permissions are decided on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World
from thucthi.council.models import Session, Term

PERSONAS = ["public", "admin", "council_office", "committee_office", "officer", "head", "other_head", "delegate"]
ALL_OK = dict.fromkeys(PERSONAS, 200)
STAFF_ONLY = {"public": 302, "admin": 200, "council_office": 200, "committee_office": 200, "officer": 403, "head": 403, "other_head": 403, "delegate": 403}
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "public": 302}


@dataclass
class Case:
    route: str
    method: str
    url: Callable[[World], str]
    expected: dict[str, int]
    data: dict[str, str] = field(default_factory=dict)


def _session_url(w: World) -> str:
    term = Term.objects.create(council=w.council, number=16, start_year=2016, end_year=2021)
    session = Session.objects.create(term=term, number=12, start=dt.date(2020, 7, 14), end=dt.date(2020, 7, 15))
    return f"/sessions/{session.pk}/"


CONTACT = {"address": "Số 10 đường Chùa Chuông", "phone": "0221 3862 000", "email": "", "website": ""}
MATRIX: list[Case] = [
    Case("", "GET", lambda w: "/", ALL_OK),
    Case("login/", "GET", lambda w: "/login/", {**dict.fromkeys(PERSONAS, 302), "public": 200}),
    Case("logout/", "POST", lambda w: "/logout/", dict.fromkeys(PERSONAS, 302)),
    Case("units/", "GET", lambda w: "/units/?q=tai+chinh", ALL_OK),
    Case("units/<int:pk>/", "GET", lambda w: f"/units/{w.finance.pk}/", ALL_OK),
    # Object-level: only the unit's own head (and the administrator) may edit its contact details.
    Case("units/<int:pk>/", "POST", lambda w: f"/units/{w.finance.pk}/",
         {**dict.fromkeys(PERSONAS, 403), "admin": 302, "head": 302}, CONTACT),
    Case("sessions/<int:pk>/", "GET", _session_url, ALL_OK),
    Case("account/", "GET", lambda w: "/account/", SIGNED_IN),
    Case("account/", "POST", lambda w: "/account/", SIGNED_IN, {"name": "matrix"}),
    Case("audit/", "GET", lambda w: "/audit/", STAFF_ONLY),
    Case("audit/", "GET", lambda w: "/audit/?verify=1", {**STAFF_ONLY, "council_office": 403, "committee_office": 403}),
    Case("i18n/setlang/", "POST", lambda w: "/i18n/setlang/", dict.fromkeys(PERSONAS, 302), {"language": "en", "next": "/"}),
    Case("api/docs", "GET", lambda w: "/api/docs", dict.fromkeys(PERSONAS, 302)),
    Case("api/v1/", "GET", lambda w: "/api/v1/", dict.fromkeys(PERSONAS, 404)),
    Case("api/v1/openapi.json", "GET", lambda w: "/api/v1/openapi.json", ALL_OK),
    Case("api/v1/docs", "GET", lambda w: "/api/v1/docs", ALL_OK),
    Case("api/v1/health", "GET", lambda w: "/api/v1/health", ALL_OK),
    Case("api/v1/units", "GET", lambda w: "/api/v1/units?q=tai+chinh", ALL_OK),
    Case("api/v1/units/<unit_id>", "GET", lambda w: f"/api/v1/units/{w.finance.pk}", ALL_OK),
    Case("api/v1/units/<unit_id>/holders", "GET", lambda w: f"/api/v1/units/{w.planning.pk}/holders", ALL_OK),
    Case("api/v1/me", "GET", lambda w: "/api/v1/me", {**ALL_OK, "public": 401}),
    Case("api/v1/audit", "GET", lambda w: "/api/v1/audit", {**STAFF_ONLY, "public": 401}),
    Case("api/v1/audit/verify", "GET", lambda w: "/api/v1/audit/verify", {**dict.fromkeys(PERSONAS, 403), "public": 401, "admin": 200}),
]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def test_it_has_an_entry_for_every_endpoint() -> None:
    routes = set(_walk(get_resolver().url_patterns))
    covered = {case.route for case in MATRIX}
    assert routes - covered == set(), "add these endpoints to MATRIX with the access each role should have"
    assert covered - routes == set(), "MATRIX names endpoints that no longer exist"


def _persona_user(world: World, persona: str) -> Client:
    user = None if persona == "public" else getattr(world, persona)
    return world.client_for(user)


@pytest.mark.parametrize("case", MATRIX, ids=[f"{c.method} {c.route or '/'} {c.url.__name__}" for c in MATRIX])
def test_it_grants_each_role_exactly_what_the_matrix_says(world: World, case: Case) -> None:
    url = case.url(world)
    got: dict[str, int] = {}
    for persona in PERSONAS:
        client = _persona_user(world, persona)
        response = client.post(url, case.data) if case.method == "POST" else client.get(url)
        got[persona] = response.status_code
    assert got == case.expected
