"""Every URL and API operation against every role and a user of another unit.

The matrix is the contract: a new endpoint without an entry here fails
`test_it_has_an_entry_for_every_endpoint`, so permissions are decided on purpose.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World
from tests.indicators.fixtures import approved, enter, indicator_plan, plan_world
from thucthi.core import clock
from thucthi.council.models import Delegate, Session, Term
from thucthi.council.services import resolution_create
from thucthi.indicators.models import Indicator, Plan, Target
from thucthi.tasks import services
from thucthi.tasks.documents import document_create
from thucthi.tasks.io.ical import feed_token
from thucthi.tasks.models import DocumentKind, IssuedDocument, Task

# `other_office` and `other_council_office` are the offices of another province (P96): refused
# (403, or 404 where the object is not shown to them at all) on this province's objects.
PERSONAS = ["public", "admin", "council_office", "committee_office", "officer", "head", "other_head", "delegate",
            "other_office", "other_council_office"]
ALL_OK = dict.fromkeys(PERSONAS, 200)
STAFF_ONLY = {"public": 302, "admin": 200, "council_office": 200, "committee_office": 200, "officer": 403, "head": 403, "other_head": 403, "delegate": 403,
              "other_office": 200, "other_council_office": 200}
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "public": 302}
# This province's tasks are not shown to another province's offices at all: 404, as for a draft.
HIDDEN_FROM_OTHERS = {"other_office": 404, "other_council_office": 404}


@dataclass
class Case:
    route: str
    method: str
    # Called once per persona, so each persona acts on a fresh object in the right state.
    url: Callable[[World], str]
    expected: dict[str, int]
    data: dict[str, Any] = field(default_factory=dict)


def _term(w: World) -> Term:
    term, _ = Term.objects.get_or_create(council=w.council, number=16, defaults={"start_year": 2016, "end_year": 2021})
    return term


def _session_url(w: World) -> str:
    term = _term(w)
    session, _ = Session.objects.get_or_create(term=term, number=12, defaults={"start": dt.date(2020, 7, 14), "end": dt.date(2020, 7, 15)})
    return f"/sessions/{session.pk}/"


_session_numbers = itertools.count(40)
_resolution_numbers = itertools.count(70)


def _fresh_resolution(suffix: str = "", api: bool = False) -> Callable[[World], str]:
    """A new resolution of the council for each persona (so each one meets it without articles)."""
    def url(w: World) -> str:
        r = resolution_create(actor=None, council=w.council, number=f"{next(_resolution_numbers)}/NQ-HĐND", adopted_on=dt.date(2020, 7, 15),
                              title="Nghị quyết về nhiệm vụ năm 2020 (mẫu)", is_sample=True)
        return f"/api/v1/resolutions/{r.pk}{suffix}" if api else f"/resolutions/{r.pk}/{suffix}"
    url.__name__ = f"resolution_{suffix.strip('/').replace('/', '_') or 'page'}"
    return url


def _fresh_session(state: str, suffix: str, api: bool = False) -> Callable[[World], str]:
    """A new session of term 16 in `state` for each persona (so each one meets the same
    transition), with the delegate persona holding a mandate in that term."""

    def url(w: World) -> str:
        term = _term(w)
        assert w.delegate.person is not None
        Delegate.objects.get_or_create(term=term, person=w.delegate.person, defaults={"elected_on": dt.date(2016, 6, 1)})
        session = Session.objects.create(term=term, number=next(_session_numbers), start=dt.date(2020, 12, 8), end=dt.date(2020, 12, 9),
                                         state=state)
        return f"/api/v1/sessions/{session.pk}/{suffix}" if api else f"/sessions/{session.pk}/act/{suffix}/"

    url.__name__ = f"session_{state}_{suffix}"
    return url


QUESTION_BODY = {"respondent_unit": lambda w: w.finance.pk, "respondent_name": "Giám đốc Sở Tài chính (mẫu)",
                 "respondent_title": "Giám đốc Sở Tài chính", "text": "Vì sao tỷ lệ giải ngân vốn đầu tư công còn thấp?",
                 "asker": lambda w: Delegate.objects.get(term=_term(w), person=w.delegate.person).pk}


def _task(w: World, state: str = "issued") -> Task:
    """A task of the People's Committee for the Department of Finance, health coordinating."""
    today = clock.today()
    task = services.task_create(
        actor=None, title="Rà soát tiến độ giải ngân vốn đầu tư công", issuer=w.committee, lead_unit=w.finance,
        responsible=w.officer.person, accepting_unit=w.committee, expected_product="Báo cáo kết quả rà soát",
        deadline=today + dt.timedelta(days=60), coordinations=[services.CoordinationInput(unit=w.health, duty="Số liệu y tế")],
        issue=state != "draft",
    )
    if state in ("received", "reported", "completion_requested", "coordination_requested", "extension_requested"):
        services.task_receive(actor=None, task=task)
    if state == "reported":
        services.progress_submit(actor=w.officer, task=task, percent=40, narrative="Đã rà soát 40% dự án")
    if state == "completion_requested":
        services.completion_request(actor=w.officer, task=task, note="Báo cáo số 12/BC-STC")
    if state == "coordination_requested":
        services.coordination_request(actor=w.officer, task=task, to_unit=w.health, message="Đề nghị cung cấp số liệu", due_on=today + dt.timedelta(days=5))
    if state == "extension_requested":
        services.extension_request(actor=w.officer, task=task, proposed_deadline=today + dt.timedelta(days=90), reason="Chờ số liệu quý")
    return task


def _attachment_url(w: World) -> str:
    """A progress report of the Department of Finance with a PDF attached."""
    task = _task(w, "received")
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")
    report = services.progress_submit(actor=w.officer, task=task, percent=40, narrative="Đã rà soát 40% dự án", attachment=pdf)
    return f"/tasks/{task.pk}/reports/{report.pk}/attachment"


def _indicator_target(w: World) -> str:
    target = Target.objects.filter(indicator__code="REV").first()
    if target is None:
        target = plan_world(w).targets["REV"]
        approved(target.indicator, w.province, "2018", 1500)
    return f"/indicators/targets/{target.pk}/"


def _indicator_id(w: World) -> int:
    _indicator_target(w)
    return Indicator.objects.get(code="REV").pk


def _plan_id(w: World) -> int:
    _indicator_target(w)
    plan = Plan.objects.get()
    return plan.pk


def _task_url(state: str, suffix: str = "") -> Callable[[World], str]:
    def url(w: World) -> str:
        return f"/api/v1/tasks/{_task(w, state).pk}{suffix}"

    url.__name__ = f"task_{state}{suffix.replace('/', '_')}"
    return url


def _due_soon_url(w: World) -> str:
    """A task due tomorrow: the issuing side may remind it ("Nhắc việc")."""
    task = _task(w)
    Task.objects.filter(pk=task.pk).update(deadline=clock.today() + dt.timedelta(days=1))
    return f"/api/v1/tasks/{task.pk}/remind"


def _sub_url(state: str, related: str, suffix: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        task = _task(w, state)
        sub = getattr(task, related).latest("id")
        return f"/api/v1/tasks/{task.pk}/{suffix.format(sub.pk)}"

    url.__name__ = f"task_{state}_{related}"
    return url


def _delegate_url(w: World) -> str:
    term, _ = Term.objects.get_or_create(council=w.council, number=16, defaults={"start_year": 2016, "end_year": 2021})
    delegate, _ = Delegate.objects.get_or_create(term=term, person=w.delegate.person, defaults={"elected_on": dt.date(2016, 5, 22)})
    return f"/delegates/{delegate.pk}/"


def _document_url(w: World) -> str:
    document = document_create(actor=None, kind=DocumentKind.CONCLUSION, number=f"{IssuedDocument.objects.count() + 1}/TB-UBND",
                               issued_on=dt.date(2026, 11, 2), issuer=w.committee, title="Kết luận của Chủ tịch UBND tỉnh")
    return f"/documents/{document.pk}/"


def _new_task_body(w: World) -> str:
    return "/api/v1/tasks"


TASK_BODY = {"title": "Báo cáo tình hình thu ngân sách quý III", "expected_product": "Báo cáo", "deadline": "2030-01-15", "issue": True}
NOBODY = dict.fromkeys(PERSONAS, 403) | {"public": 401}
PLANNERS = NOBODY | {"public": 302, "admin": 200, "committee_office": 200}
ISSUER_SIDE = NOBODY | {"admin": 200, "committee_office": 200} | HIDDEN_FROM_OTHERS
LEAD_SIDE = NOBODY | {"admin": 200, "officer": 200, "head": 200} | HIDDEN_FROM_OTHERS


CONTACT = {"address": "Số 10 đường Chùa Chuông", "phone": "0221 3862 000", "email": "", "website": ""}
MATRIX: list[Case] = [
    Case("", "GET", lambda w: "/", ALL_OK),
    Case("public/", "GET", lambda w: "/public/", ALL_OK),
    # "Việc của tôi": a list the policy does not give the user is not there for them (404).
    Case("my-work/<slug:key>/", "GET", lambda w: "/my-work/issued-overdue/", {**ALL_OK, "public": 302, "officer": 404, "delegate": 404}),
    Case("tasks/approvals/", "GET", lambda w: "/tasks/approvals/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    Case("tasks/approvals/", "POST", lambda w: "/tasks/approvals/",
         {**dict.fromkeys(PERSONAS, 404), "public": 302, "officer": 403, "delegate": 403}),
    Case("login/", "GET", lambda w: "/login/", {**dict.fromkeys(PERSONAS, 302), "public": 200}),
    Case("logout/", "POST", lambda w: "/logout/", dict.fromkeys(PERSONAS, 302)),
    Case("units/", "GET", lambda w: "/units/?q=tai+chinh", ALL_OK),
    Case("units/<int:pk>/", "GET", lambda w: f"/units/{w.finance.pk}/", ALL_OK),
    # Object-level: only the unit's own head (and the administrator) may edit its contact details.
    Case("units/<int:pk>/", "POST", lambda w: f"/units/{w.finance.pk}/",
         {**dict.fromkeys(PERSONAS, 403), "admin": 302, "head": 302}, CONTACT),
    Case("sessions/<int:pk>/", "GET", _session_url, ALL_OK),
    # The council's record is public; the search shows tasks only as the policy does (tests/find).
    Case("search/", "GET", lambda w: "/search/?q=tai+chinh", ALL_OK),
    Case("sessions/", "GET", lambda w: "/sessions/?q=ky+hop", ALL_OK),
    Case("resolutions/", "GET", lambda w: "/resolutions/?adopted=yes", ALL_OK),
    Case("delegates/", "GET", lambda w: "/delegates/?serving=yes", ALL_OK),
    Case("questions/", "GET", lambda w: "/questions/?council=", ALL_OK),
    Case("commitments/", "GET", lambda w: "/commitments/?due=overdue", ALL_OK),
    Case("account/", "GET", lambda w: "/account/", SIGNED_IN),
    Case("account/", "POST", lambda w: "/account/", SIGNED_IN, {"name": "matrix"}),
    Case("audit/", "GET", lambda w: "/audit/", STAFF_ONLY),
    Case("audit/", "GET", lambda w: "/audit/?verify=1",
         {**STAFF_ONLY, "council_office": 403, "committee_office": 403, "other_office": 403, "other_council_office": 403}),
    Case("i18n/setlang/", "POST", lambda w: "/i18n/setlang/", dict.fromkeys(PERSONAS, 302), {"language": "en", "next": "/"}),
    Case("tasks/", "GET", lambda w: "/tasks/?view=all", {**ALL_OK, "public": 302}),
    Case("tasks/new/", "GET", lambda w: "/tasks/new/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    # Only the committee's office may issue in the committee's name: others see the form again
    # with the refusal (200), officers and delegates cannot issue at all (403).
    Case("tasks/new/", "POST", lambda w: "/tasks/new/",
         {**ALL_OK, "public": 302, "officer": 403, "delegate": 403, "admin": 302, "committee_office": 302}, {"WEB_TASK": True}),
    Case("tasks/<int:pk>/", "GET", lambda w: f"/tasks/{_task(w).pk}/", {**ALL_OK, "public": 302} | HIDDEN_FROM_OTHERS),
    Case("tasks/<int:pk>/edit/", "GET", lambda w: f"/tasks/{_task(w).pk}/edit/",
         NOBODY | {"public": 302, "admin": 200, "committee_office": 200} | HIDDEN_FROM_OTHERS),
    Case("tasks/<int:pk>/act/<slug:action>/", "POST", lambda w: f"/tasks/{_task(w).pk}/act/receive/",
         NOBODY | {"public": 302, "admin": 302, "officer": 302, "head": 302} | HIDDEN_FROM_OTHERS),
    # A report's attachment: whoever may see the task downloads it.
    Case("tasks/<int:pk>/reports/<int:report_id>/attachment", "GET", _attachment_url, {**ALL_OK, "public": 302} | HIDDEN_FROM_OTHERS),
    # The form for a new session: any council's secretariat (for its own council).
    Case("sessions/new/", "GET", lambda w: "/sessions/new/", NOBODY | {"public": 302, "admin": 200, "council_office": 200, "other_council_office": 200}),
    # Opening a session: only the council's secretariat; others are refused.
    Case("sessions/<int:pk>/act/<slug:action>/", "POST", lambda w: f"{_session_url(w)}act/open/", NOBODY | {"public": 302, "admin": 302, "council_office": 302},
         {"confirmed": "1"}),
    # Reopening a closed session, with its reason: the secretariat only.
    Case("sessions/<int:pk>/act/<slug:action>/", "POST", _fresh_session("closed", "reopen"),
         NOBODY | {"public": 302, "admin": 302, "council_office": 302}, {"reason": "Ghi bổ sung kết quả biểu quyết bị sót"}),
    Case("sessions/<int:pk>/documents/<int:document_id>/", "GET", lambda w: f"{_session_url(w)}documents/999999/", dict.fromkeys(PERSONAS, 404)),
    Case("sessions/<int:pk>/questioning-resolution/", "GET", lambda w: f"{_session_url(w)}questioning-resolution/",
         NOBODY | {"public": 302, "admin": 200, "council_office": 200}),
    Case("sessions/<int:pk>/questioning-resolution.docx", "GET", lambda w: f"{_session_url(w)[:-1]}/questioning-resolution.docx",
         NOBODY | {"public": 302, "admin": 200, "council_office": 200}),
    # Votes from the hall's voting system: the council's secretariat only (a POST without a file shows the form again).
    Case("sessions/<int:pk>/votes/import/", "GET", lambda w: f"{_session_url(w)}votes/import/", NOBODY | {"public": 302, "admin": 200, "council_office": 200}),
    Case("sessions/<int:pk>/votes/import/", "POST", lambda w: f"{_session_url(w)}votes/import/", NOBODY | {"public": 302, "admin": 200, "council_office": 200}),
    Case("sessions/<int:pk>/votes/import/template.xlsx", "GET", lambda w: f"{_session_url(w)}votes/import/template.xlsx",
         NOBODY | {"public": 302, "admin": 200, "council_office": 200}),
    Case("delegates/<int:pk>/", "GET", _delegate_url, ALL_OK),
    # Following by e-mail is for anyone, signed in or not; a bad or forged link is refused alike (400).
    Case("follow/", "GET", lambda w: f"/follow/?kind=delegate&target={_delegate_url(w).split('/')[2]}", ALL_OK),
    Case("follow/", "POST", lambda w: "/follow/", ALL_OK, {"email": "cu-tri@example.vn", "kind": "delegate", "target": "999999"}),
    Case("follow/confirm/<str:token>/", "GET", lambda w: "/follow/confirm/gia-mao/", dict.fromkeys(PERSONAS, 400)),
    Case("follow/unsubscribe/<str:token>/", "GET", lambda w: "/follow/unsubscribe/gia-mao/", dict.fromkeys(PERSONAS, 400)),
    Case("follow/unsubscribe/<str:token>/", "POST", lambda w: "/follow/unsubscribe/gia-mao/", dict.fromkeys(PERSONAS, 400)),
    # Delegate groups: public to read; only the council's secretariat changes them.
    Case("terms/<int:pk>/groups/", "GET", lambda w: f"/terms/{_term(w).pk}/groups/", ALL_OK),
    Case("terms/<int:pk>/groups/act/<slug:action>/", "POST", lambda w: f"/terms/{_term(w).pk}/groups/act/create/",
         NOBODY | {"public": 302, "admin": 302, "council_office": 302}, {"group-name": "Tổ đại biểu số 1"}),
    Case("people/<int:pk>/", "GET", lambda w: f"/people/{w.officer.person_id}/", ALL_OK),
    Case("documents/", "GET", lambda w: "/documents/", SIGNED_IN),
    Case("documents/new/", "GET", lambda w: "/documents/new/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    Case("documents/new/", "POST", lambda w: "/documents/new/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}, {"kind": "conclusion"}),
    Case("documents/<int:pk>/", "GET", _document_url, SIGNED_IN),
    Case("tasks/export.xlsx", "GET", lambda w: "/tasks/export.xlsx?view=all", {**ALL_OK, "public": 302}),
    Case("tasks/import/", "GET", lambda w: "/tasks/import/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    Case("tasks/import/", "POST", lambda w: "/tasks/import/", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    Case("tasks/import/template.xlsx", "GET", lambda w: "/tasks/import/template.xlsx", {**ALL_OK, "public": 302, "officer": 403, "delegate": 403}),
    # A report is kept for the user who uploaded: anyone else finds nothing.
    Case("tasks/import/report/<str:key>/", "GET", lambda w: "/tasks/import/report/unknown/", {**dict.fromkeys(PERSONAS, 404), "public": 302}),
    # The secret URL is the credential: it answers anyone who has it, and nothing without it.
    Case("tasks/calendar/<str:token>.ics", "GET", lambda w: f"/tasks/calendar/{feed_token('unit', w.finance.pk)}.ics", ALL_OK),
    Case("scorecards/", "GET", lambda w: "/scorecards/?period=2026", SIGNED_IN),
    Case("scorecards/<int:unit_id>/tasks/", "GET", lambda w: f"/scorecards/{_task(w).lead_unit_id}/tasks/?metric=assigned", SIGNED_IN),
    # Plan indicators: plans, targets and approved figures are public; the reporting units enter,
    # their heads approve, the province's office assesses and signs off its figures.
    Case("indicators/", "GET", lambda w: "/indicators/", ALL_OK),
    Case("indicators/targets/<int:pk>/", "GET", _indicator_target, ALL_OK),
    Case("indicators/targets/<int:pk>/assess/", "GET", lambda w: f"{_indicator_target(w)}assess/?as_of=2018",
         NOBODY | {"public": 302, "admin": 200, "committee_office": 200}),
    Case("indicators/targets/<int:pk>/sign/", "POST", lambda w: f"{_indicator_target(w)}sign/",
         NOBODY | {"public": 302, "admin": 302, "committee_office": 302}, {"period": "2018"}),
    Case("indicators/entry/", "GET", lambda w: "/indicators/entry/?period=2019",
         NOBODY | {"public": 302, "admin": 200, "officer": 200, "head": 200, "other_head": 200}),
    Case("indicators/review/", "GET", lambda w: "/indicators/review/", NOBODY | {"public": 302, "admin": 200, "head": 200, "other_head": 200}),
    # Pages not about one province's objects: any province's People's Committee office.
    Case("indicators/manage/", "GET", lambda w: "/indicators/manage/", PLANNERS | {"other_office": 200}),
    Case("indicators/definitions/new/", "GET", lambda w: "/indicators/definitions/new/", PLANNERS | {"other_office": 200}),
    Case("indicators/definitions/<int:pk>/", "GET", lambda w: f"/indicators/definitions/{_indicator_id(w)}/", PLANNERS),
    Case("indicators/plans/new/", "GET", lambda w: "/indicators/plans/new/", PLANNERS | {"other_office": 200}),
    Case("indicators/plans/<int:pk>/targets/", "GET", lambda w: f"/indicators/plans/{_plan_id(w)}/targets/", PLANNERS),
    Case("opendata/", "GET", lambda w: "/opendata/", ALL_OK),
    Case("opendata/<slug:dataset>.<slug:fmt>", "GET", lambda w: "/opendata/resolutions.json", ALL_OK),
    Case("notifications/", "GET", lambda w: "/notifications/", SIGNED_IN),
    Case("notifications/", "POST", lambda w: "/notifications/", {**dict.fromkeys(PERSONAS, 302)}),
    # Each user chooses how they hear by e-mail, for themself only.
    Case("notifications/settings/", "GET", lambda w: "/notifications/settings/", SIGNED_IN),
    Case("notifications/settings/", "POST", lambda w: "/notifications/settings/", dict.fromkeys(PERSONAS, 302), {"email": "immediate"}),
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
    Case("api/v1/sessions", "GET", lambda w: "/api/v1/sessions", ALL_OK),
    Case("api/v1/sessions/<session_id>", "GET", lambda w: f"/api/v1/sessions/{_session_url(w).split('/')[2]}", ALL_OK),
    # A session's state changes and the questions registered for it: as on the session page.
    Case("api/v1/sessions/<session_id>/open", "POST", _fresh_session("planned", "open", api=True), NOBODY | {"admin": 200, "council_office": 200}),
    Case("api/v1/sessions/<session_id>/close", "POST", _fresh_session("open", "close", api=True), NOBODY | {"admin": 200, "council_office": 200}),
    Case("api/v1/sessions/<session_id>/reopen", "POST", _fresh_session("closed", "reopen", api=True), NOBODY | {"admin": 200, "council_office": 200},
         {"reason": "Ghi bổ sung kết quả biểu quyết bị sót"}),
    Case("api/v1/sessions/<session_id>/questions", "POST", _fresh_session("open", "questions", api=True),
         NOBODY | {"admin": 201, "council_office": 201, "delegate": 201}, QUESTION_BODY),
    Case("api/v1/resolutions", "GET", lambda w: "/api/v1/resolutions?year=2020", ALL_OK),
    # A resolution's page and articles are public; its council's office enters the articles; a task
    # from it is issued by those who issue in the named issuer's name (here the People's Committee).
    Case("api/v1/resolutions/<resolution_id>", "GET", _fresh_resolution(api=True), ALL_OK),
    Case("api/v1/resolutions/<resolution_id>/tasks", "POST", _fresh_resolution("/tasks", api=True),
         NOBODY | {"admin": 201, "committee_office": 201},
         {**TASK_BODY, "source_ref": "Điều 1", "issuer": lambda w: w.committee.pk, "lead_unit": lambda w: w.finance.pk,
          "responsible": lambda w: w.officer.person_id, "accepting_unit": lambda w: w.committee.pk}),
    Case("resolutions/<int:pk>/", "GET", _fresh_resolution(), ALL_OK),
    Case("resolutions/<int:pk>/act/<slug:action>/", "POST", _fresh_resolution("act/add/"),
         NOBODY | {"public": 302, "admin": 302, "council_office": 302}, {"number": "1", "title": "Nhiệm vụ năm 2020"}),
    Case("api/v1/questions", "GET", lambda w: "/api/v1/questions", ALL_OK),
    Case("api/v1/scorecards", "GET", lambda w: "/api/v1/scorecards?period=2026", {**ALL_OK, "public": 401}),
    Case("api/v1/tasks", "GET", lambda w: "/api/v1/tasks?status=in_progress&status=not_started", {**ALL_OK, "public": 401}),
    # Only the People's Committee's office (and the administrator) may issue in its name.
    Case("api/v1/tasks", "POST", _new_task_body, NOBODY | {"admin": 201, "committee_office": 201}, TASK_BODY),
    Case("api/v1/tasks/<task_id>", "GET", _task_url("issued"), {**ALL_OK, "public": 401} | HIDDEN_FROM_OTHERS),
    Case("api/v1/tasks/<task_id>", "PATCH", _task_url("issued"), ISSUER_SIDE, {"version": 2, "expected_product": "Báo cáo và phụ lục"}),
    # A draft is not shown outside the issuing side at all: 404, not 403.
    Case("api/v1/tasks/<task_id>/issue", "POST", _task_url("draft", "/issue"), dict.fromkeys(PERSONAS, 404) | {"public": 401, "admin": 200, "committee_office": 200}),
    Case("api/v1/tasks/<task_id>/receive", "POST", _task_url("issued", "/receive"), LEAD_SIDE),
    Case("api/v1/tasks/<task_id>/return", "POST", _task_url("issued", "/return"), LEAD_SIDE, {"reason": "Không thuộc chức năng của Sở"}),
    Case("api/v1/tasks/<task_id>/progress", "POST", _task_url("received", "/progress"), LEAD_SIDE, {"percent": 50, "narrative": "Đã làm một nửa"}),
    Case("api/v1/tasks/<task_id>/progress/<report_id>/review", "POST", _sub_url("reported", "progress_reports", "progress/{}/review"),
         NOBODY | {"admin": 200, "head": 200} | HIDDEN_FROM_OTHERS, {"approve": True}),
    Case("api/v1/tasks/<task_id>/completion-request", "POST", _task_url("received", "/completion-request"), LEAD_SIDE, {"note": "Báo cáo số 5/BC"}),
    Case("api/v1/tasks/<task_id>/completion-decision", "POST", _task_url("completion_requested", "/completion-decision"), ISSUER_SIDE, {"accept": True}),
    Case("api/v1/tasks/<task_id>/extensions", "POST", _task_url("received", "/extensions"), LEAD_SIDE,
         {"proposed_deadline": "2030-06-30", "reason": "Chờ số liệu"}),
    Case("api/v1/tasks/<task_id>/extensions/<extension_id>/decision", "POST", _sub_url("extension_requested", "extension_requests", "extensions/{}/decision"),
         ISSUER_SIDE, {"approve": True}),
    Case("api/v1/tasks/<task_id>/coordination-requests", "POST", _task_url("received", "/coordination-requests"), LEAD_SIDE,
         {"to_unit": "HEALTH", "message": "Xin số liệu", "due_on": "2030-01-01"}),
    Case("api/v1/tasks/<task_id>/coordination-requests/<request_id>/answer", "POST",
         _sub_url("coordination_requested", "coordination_requests", "coordination-requests/{}/answer"),
         NOBODY | {"admin": 200, "other_head": 200} | HIDDEN_FROM_OTHERS, {"answer": "Gửi kèm số liệu"}),
    Case("api/v1/tasks/<task_id>/cancel", "POST", _task_url("issued", "/cancel"), ISSUER_SIDE, {"reason": "Trùng nhiệm vụ khác"}),
    # "Nhắc việc": the issuing side, on a task due soon or overdue.
    Case("api/v1/tasks/<task_id>/remind", "POST", _due_soon_url, ISSUER_SIDE, {"note": "Đề nghị báo cáo sớm"}),
]


def _plan_url(suffix: str) -> Callable[[World], str]:
    """An indicators API URL, once the test plan (tests.indicators.fixtures) exists."""

    def url(w: World) -> str:
        plan = indicator_plan(w)
        return "/api/v1" + suffix.format(plan=plan.plan.pk, target=plan.targets["BUDGET_REVENUE"].pk)

    url.__name__ = "indicators" + suffix.split("?", maxsplit=1)[0].replace("/", "_").replace("{", "").replace("}", "")
    return url


_fresh_values = itertools.count(7001)


def _entered_actual_url(action: str) -> Callable[[World], str]:
    """A figure waiting for its head: re-entered with a new value for each persona."""

    def url(w: World) -> str:
        indicator_plan(w)
        actual = enter(w, "BUDGET_REVENUE", "2020-H1", Decimal(next(_fresh_values)))
        return f"/api/v1/actuals/{actual.pk}/{action}"

    url.__name__ = f"actual_entered_{action}"
    return url


# Figures are entered by the indicator's reporting unit (finance: officer and head) and approved
# by its head; assessments are written by the province's People's Committee office.
ENTRY_SIDE = NOBODY | {"public": 302, "admin": 200, "officer": 200, "head": 200, "other_head": 200}
ACTUAL_BODY = {"unit": lambda w: w.province.pk, "period": "2020-H1", "entries": [{"code": "POVERTY_RATE", "value": "3,2"}], "confirm": True}
MATRIX += [
    Case("api/v1/indicators", "GET", _plan_url("/indicators?kind=flow"), ALL_OK),
    Case("api/v1/indicators/<code>", "GET", _plan_url("/indicators/BUDGET_REVENUE"), ALL_OK),
    Case("api/v1/plans", "GET", _plan_url("/plans"), ALL_OK),
    Case("api/v1/plans/<plan_id>", "GET", _plan_url("/plans/{plan}"), ALL_OK),
    Case("api/v1/actuals", "GET", _plan_url("/actuals?state=entered"), ALL_OK),
    Case("api/v1/actuals", "POST", _plan_url("/actuals"), NOBODY | {"admin": 201, "officer": 201, "head": 201}, ACTUAL_BODY),
    Case("api/v1/actuals/<actual_id>/approve", "POST", _entered_actual_url("approve"), NOBODY | {"admin": 200, "head": 200}),
    Case("api/v1/actuals/<actual_id>/return", "POST", _entered_actual_url("return"), NOBODY | {"admin": 200, "head": 200},
         {"note": "Thiếu số thu từ đất"}),
    Case("api/v1/assessments", "GET", _plan_url("/assessments?plan={plan}"), ALL_OK),
    Case("api/v1/assessments", "POST", _plan_url("/assessments"), NOBODY | {"admin": 201, "committee_office": 201},
         {"target": lambda w: indicator_plan(w).targets["BUDGET_REVENUE"].pk, "as_of": "2019"}),
    # The Excel template and its upload: whoever enters figures (reporting units' staff, the
    # administrator); each gets the indicators their own unit reports (health: its own one).
    Case("indicators/entry/template.xlsx", "GET", lambda w: f"/indicators/entry/template.xlsx?unit={indicator_plan(w).plan.area_id}&period=2020-H1",
         ENTRY_SIDE),
    Case("indicators/entry/import/", "GET", lambda w: f"/indicators/entry/import/?unit={w.province.pk}&period=2020-H1", ENTRY_SIDE),
    # Without a file the form comes back with its error (200); nothing is saved.
    Case("indicators/entry/import/", "POST", lambda w: "/indicators/entry/import/", ENTRY_SIDE, {"period": "2020-H1"}),
]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


# Administration (tests/administration): accounts, reorganisations and the national calendar are the
# administrator's; terms and delegates their council's office (another province's office: refused).
ADMIN_ONLY = NOBODY | {"public": 302, "admin": 200}
COUNCIL_SIDE = NOBODY | {"public": 302, "admin": 200, "council_office": 200}
_admin_serial = itertools.count(1)


def _account_url(suffix: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        from thucthi.accounts.models import Role  # noqa: PLC0415 (only the administration cases need it)
        from thucthi.accounts.services import user_create  # noqa: PLC0415

        user = user_create(actor=None, username=f"matrix{next(_admin_serial)}", password="x" * 12, role=Role.DELEGATE)
        return f"/administration/accounts/{user.pk}/{suffix}"

    url.__name__ = f"account_{suffix.strip('/') or 'edit'}"
    return url


def _override_url(w: World) -> str:
    from thucthi.workdays.models import CalendarOverride, OverrideKind  # noqa: PLC0415

    override = CalendarOverride.objects.create(day=dt.date(2030, 1, 1) + dt.timedelta(days=next(_admin_serial)), kind=OverrideKind.DAY_OFF,
                                               name="Nghỉ (mẫu)")
    return f"/administration/calendar/{override.pk}/remove/"


def _admin_delegate_url(w: World) -> str:
    return "/administration" + _delegate_url(w)


MATRIX += [
    Case("administration/", "GET", lambda w: "/administration/",
         NOBODY | {"public": 302, "admin": 200, "council_office": 200, "other_council_office": 200}),
    Case("administration/accounts/", "GET", lambda w: "/administration/accounts/?q=a", ADMIN_ONLY),
    Case("administration/accounts/new/", "GET", lambda w: "/administration/accounts/new/", ADMIN_ONLY),
    Case("administration/accounts/new/", "POST", lambda w: "/administration/accounts/new/", ADMIN_ONLY,
         {"username": "matrix.new", "full_name": "Tài Khoản Mẫu", "role": "delegate"}),
    Case("administration/accounts/<int:pk>/", "GET", _account_url(""), ADMIN_ONLY),
    Case("administration/accounts/<int:pk>/", "POST", _account_url(""), ADMIN_ONLY | {"admin": 302},
         {"full_name": "Tài Khoản Mẫu", "role": "delegate"}),
    Case("administration/accounts/<int:pk>/lock/", "GET", _account_url("lock/"), ADMIN_ONLY),
    Case("administration/accounts/<int:pk>/lock/", "POST", _account_url("lock/"), ADMIN_ONLY | {"admin": 302}, {"reason": "Thôi việc"}),
    Case("administration/accounts/<int:pk>/password/", "GET", _account_url("password/"), ADMIN_ONLY),
    Case("administration/accounts/<int:pk>/password/", "POST", _account_url("password/"), ADMIN_ONLY),
    Case("administration/terms/", "GET", lambda w: "/administration/terms/", COUNCIL_SIDE | {"other_council_office": 200}),
    Case("administration/terms/", "POST", lambda w: "/administration/terms/", COUNCIL_SIDE | {"other_council_office": 200}),
    Case("administration/terms/<int:pk>/", "GET", lambda w: f"/administration/terms/{_term(w).pk}/", COUNCIL_SIDE),
    Case("administration/terms/<int:pk>/", "POST", lambda w: f"/administration/terms/{_term(w).pk}/", COUNCIL_SIDE),
    Case("administration/terms/<int:pk>/delegates/", "POST", lambda w: f"/administration/terms/{_term(w).pk}/delegates/", COUNCIL_SIDE),
    Case("administration/terms/<int:pk>/import/", "GET", lambda w: f"/administration/terms/{_term(w).pk}/import/", COUNCIL_SIDE),
    Case("administration/terms/<int:pk>/import/", "POST", lambda w: f"/administration/terms/{_term(w).pk}/import/", COUNCIL_SIDE),
    Case("administration/terms/<int:pk>/import/template/", "GET", lambda w: f"/administration/terms/{_term(w).pk}/import/template/",
         COUNCIL_SIDE),
    Case("administration/delegates/<int:pk>/", "GET", _admin_delegate_url, COUNCIL_SIDE),
    Case("administration/delegates/<int:pk>/", "POST", _admin_delegate_url, COUNCIL_SIDE),
    Case("administration/reorganisation/", "GET", lambda w: "/administration/reorganisation/?q=y+te", ADMIN_ONLY),
    Case("administration/reorganisation/", "POST", lambda w: "/administration/reorganisation/", ADMIN_ONLY, {"step": "preview"}),
    Case("administration/calendar/", "GET", lambda w: "/administration/calendar/?year=2027", ADMIN_ONLY),
    Case("administration/calendar/", "POST", lambda w: "/administration/calendar/", ADMIN_ONLY),
    Case("administration/calendar/<int:pk>/remove/", "GET", _override_url, ADMIN_ONLY),
    Case("administration/calendar/<int:pk>/remove/", "POST", _override_url, ADMIN_ONLY | {"admin": 302}),
    # One's own password: every signed-in user (an empty form comes back with its errors).
    Case("account/password/", "GET", lambda w: "/account/password/", SIGNED_IN),
    Case("account/password/", "POST", lambda w: "/account/password/", SIGNED_IN),
]

# The matrix stands on one day, so the dates its requests carry (deadlines in 2030…) keep their
# meaning whatever the day the suite runs.
MATRIX_DAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def matrix_day() -> Iterator[None]:
    with clock.frozen(MATRIX_DAY):
        yield


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
    got: dict[str, int] = {}
    for persona in PERSONAS:
        url = case.url(world)
        client = _persona_user(world, persona)
        if url.startswith("/api/"):
            data = {k: (v(world) if callable(v) else world.health.pk if v == "HEALTH" else v) for k, v in case.data.items()}
            if case.method == "POST" and "issuer" not in data and url == "/api/v1/tasks":
                data |= {"issuer": world.committee.pk, "lead_unit": world.finance.pk, "responsible": world.officer.person_id,
                         "accepting_unit": world.committee.pk}
            response = client.generic(case.method, url, json.dumps(data), content_type="application/json") if case.method != "GET" else client.get(url)
        elif case.data.get("WEB_TASK"):
            response = client.post(url, {
                "title": "Báo cáo kết quả thu ngân sách", "issuer": world.committee.pk, "lead_unit": world.finance.pk,
                "deadline_kind": "date", "deadline": "15/01/2030", "submit": "draft",
            })
        else:
            response = client.post(url, case.data) if case.method == "POST" else client.get(url)
        got[persona] = response.status_code
    assert got == case.expected


def test_a_refusal_shows_the_vietnamese_403_page_in_the_site_layout(world: World) -> None:
    response = world.client_for(world.officer).get("/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Tài khoản của bạn không có quyền thực hiện thao tác này." in page and 'class="site"' in page
