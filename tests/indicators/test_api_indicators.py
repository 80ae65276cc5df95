"""The indicators API: definitions, plans with status and forecast, actuals and their review,
assessments with the cause-and-remedy gate. World: `tests.indicators.fixtures`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.indicators.fixtures import IndicatorPlan, enter, indicator_plan
from thucthi.accounts.models import User
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.indicators.models import Actual, ActualState, Assessment, Target
from thucthi.tasks.models import Task


@pytest.fixture
def plan(world: World) -> IndicatorPlan:
    return indicator_plan(world)


def call(world: World, user: User | None, method: str, url: str, data: Any = None) -> tuple[int, Any]:
    client: Client = world.client_for(user)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.generic(method, url, json.dumps(data or {}), content_type="application/json")
    return response.status_code, json.loads(response.content)


def entry_body(world: World, *entries: dict[str, Any], period: str = "2020-H1", confirm: bool = False) -> dict[str, Any]:
    return {"unit": world.province.pk, "period": period, "entries": list(entries), "confirm": confirm}


# --- indicators and plans ---------------------------------------------------------------------------


def test_it_lists_indicators_with_filters_and_pages(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, None, "GET", "/api/v1/indicators")
    assert status == 200 and body["count"] == 6
    assert [i["code"] for i in body["items"]][:2] == ["BUDGET_REVENUE", "POVERTY_RATE"]
    _, body = call(world, None, "GET", f"/api/v1/indicators?reporting_unit={world.health.pk}")
    assert [i["code"] for i in body["items"]] == ["DOCTORS_PER_10K"]
    assert body["items"][0]["reporting_unit"]["code"] == "DEPT:P99:yt"
    _, body = call(world, None, "GET", "/api/v1/indicators?kind=flow")
    assert [i["code"] for i in body["items"]] == ["BUDGET_REVENUE"]
    _, body = call(world, None, "GET", "/api/v1/indicators?code=poverty_rate")
    assert body["count"] == 1 and body["items"][0]["direction"] == "lower" and body["items"][0]["max_value"] == 100.0
    _, body = call(world, None, "GET", "/api/v1/indicators?limit=2&offset=4")
    assert body["count"] == 6 and [i["code"] for i in body["items"]] == ["STRUCT_SERVICES", "DOCTORS_PER_10K"]


def test_it_refuses_an_unknown_indicator_filter_or_kind_in_vietnamese(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, None, "GET", "/api/v1/indicators?unit=1")
    assert status == 422 and "Tham số không được hỗ trợ: unit" in body["detail"]
    status, body = call(world, None, "GET", "/api/v1/indicators?kind=stock")
    assert status == 422 and "chọn một trong" in body["errors"][0]["message"]


def test_it_shows_an_indicator_with_its_targets_and_answers_404_for_an_unknown_code(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, None, "GET", "/api/v1/indicators/POVERTY_RATE")
    assert status == 200
    [target] = body["targets"]
    assert target["plan_name"] == plan.plan.name and target["status"] == "off_track" and target["value"] == 2.0
    status, body = call(world, None, "GET", "/api/v1/indicators/NO_SUCH")
    assert status == 404 and "NO_SUCH" in body["detail"]


def test_it_lists_plans_by_area(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, None, "GET", f"/api/v1/plans?area={world.province.pk}")
    assert status == 200 and [p["id"] for p in body["items"]] == [plan.plan.pk]
    assert body["items"][0]["resolution_number"] == "12/2016/NQ-HĐND"
    _, body = call(world, None, "GET", f"/api/v1/plans?area={world.health.pk}")
    assert body == {"count": 0, "items": []}


def test_it_shows_each_target_with_status_projection_range_explanation_and_as_of(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, None, "GET", f"/api/v1/plans/{plan.plan.pk}")
    assert status == 200
    targets = {t["indicator"]["code"]: t for t in body["targets"]}
    assert {c: t["status"] for c, t in targets.items()} == {
        "BUDGET_REVENUE": "on_track", "POVERTY_RATE": "off_track", "DOCTORS_PER_10K": "achieved_early",
    }
    poverty = targets["POVERTY_RATE"]
    assert poverty["status_label"] == "Khó đạt" and poverty["as_of"] == "2019"
    assert poverty["projected_low"] < poverty["projected"] < poverty["projected_high"]
    assert poverty["projected"] == pytest.approx(3.79)
    assert "Xu thế tuyến tính" in poverty["explanation"]
    assert poverty["latest"] == {"period": "2019", "value": 4.1, "data_status": "official"}
    assert body["status_counts"] == {"on_track": 1, "off_track": 1, "achieved_early": 1}
    assert call(world, None, "GET", "/api/v1/plans/999999")[0] == 404


# --- actuals -------------------------------------------------------------------------------------------


def test_the_public_sees_approved_figures_only_and_the_reporting_unit_its_entered_ones(world: World, plan: IndicatorPlan) -> None:
    enter(world, "BUDGET_REVENUE", "2020-H1", Decimal(7000))
    url = "/api/v1/actuals?indicator=budget_revenue"
    _, public = call(world, None, "GET", url)
    assert [a["period"] for a in public["items"]] == ["2016", "2017", "2018", "2019"]
    assert public["items"][0]["entered_by"] is None, "the public is not shown who entered a figure"
    for user in (world.officer, world.head, world.admin):
        _, body = call(world, user, "GET", url + "&state=entered")
        assert [(a["period"], a["state"]) for a in body["items"]] == [("2020-H1", "entered")], user.username
    for user in (world.other_head, world.committee_office, world.delegate):
        _, body = call(world, user, "GET", url + "&state=entered")
        assert body["count"] == 0, user.username


def test_it_filters_actuals_by_unit_period_and_state(world: World, plan: IndicatorPlan) -> None:
    _, body = call(world, None, "GET", f"/api/v1/actuals?unit={world.province.pk}&period=2018")
    assert {a["indicator"]["code"]: a["value"] for a in body["items"]} == {"BUDGET_REVENUE": 13000, "POVERTY_RATE": 4.2, "DOCTORS_PER_10K": 9.9}
    assert body["items"][0]["period_label"] == "Năm 2018"
    _, body = call(world, None, "GET", "/api/v1/actuals?state=approved&limit=1")
    assert body["count"] == 12 and len(body["items"]) == 1
    status, body = call(world, None, "GET", "/api/v1/actuals?period=2020-Q5")
    assert status == 422 and "Kỳ không hợp lệ" in body["detail"]


def test_an_officer_enters_a_half_year_figure_written_the_vietnamese_way(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(
        world, {"code": "budget_revenue", "value": "7.512,5", "data_status": "preliminary", "source": "Báo cáo số 45/BC-STC"},
    ))
    assert status == 201, body
    [item] = body["items"]
    assert (item["value"], item["state"], item["data_status"], item["entered_by"]) == (7512.5, "entered", "preliminary", world.officer.display_name)
    actual = Actual.objects.get(pk=item["id"])
    assert actual.value == Decimal("7512.5") and actual.source == "Báo cáo số 45/BC-STC"


def test_an_unusual_change_needs_confirmation_409_and_is_saved_when_confirmed(world: World, plan: IndicatorPlan) -> None:
    body_in = entry_body(world, {"code": "BUDGET_REVENUE", "value": 20000, "data_status": "official"}, period="2020")
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", body_in)
    assert status == 409
    [warning] = body["warnings"]
    assert "tăng 42,86% so với cùng kỳ năm trước" in warning and "confirm: true" in body["detail"]
    assert not Actual.objects.filter(period="2020").exists(), "nothing is saved before the confirmation"
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", {**body_in, "confirm": True})
    assert status == 201 and body["items"][0]["value"] == 20000


def test_it_refuses_a_figure_out_of_range_and_saves_none_of_the_batch(world: World, plan: IndicatorPlan) -> None:
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(
        world, {"code": "BUDGET_REVENUE", "value": 7000}, {"code": "POVERTY_RATE", "value": "120"},
    ))
    assert status == 422 and "vượt mức tối đa 100 %" in body["detail"]
    assert not Actual.objects.filter(period="2020-H1").exists()


def test_it_refuses_shares_that_do_not_add_up_to_100(world: World, plan: IndicatorPlan) -> None:
    shares = [{"code": "STRUCT_AGRI", "value": 20}, {"code": "STRUCT_INDUSTRY", "value": 40}, {"code": "STRUCT_SERVICES", "value": 30}]
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(world, *shares, period="2019"))
    assert status == 422 and "cộng lại 90%, không phải 100%" in body["detail"]
    shares[2]["value"] = 40
    assert call(world, world.officer, "POST", "/api/v1/actuals", entry_body(world, *shares, period="2019"))[0] == 201


@pytest.mark.parametrize(("entries", "param", "message"), [
    ([{"code": "NO_SUCH", "value": 1}], "entries.0.code", "Không có chỉ tiêu mã “NO_SUCH”"),
    ([{"code": "POVERTY_RATE", "value": 3}, {"code": "poverty_rate", "value": 4}], "entries.1.code", "được ghi hai lần"),
    ([{"code": "POVERTY_RATE", "value": "ba phẩy hai"}], "entries.0.value", "không phải là số"),
    ([], "", "Chưa nhập số liệu nào"),
])
def test_it_names_the_entry_at_fault(world: World, plan: IndicatorPlan, entries: list[dict[str, Any]], param: str, message: str) -> None:
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(world, *entries))
    assert status == 422 and message in body["detail"]
    assert body["errors"][0]["param"] == param


def test_it_refuses_a_future_period_an_unknown_unit_and_a_bad_data_status(world: World, plan: IndicatorPlan) -> None:
    future = f"{clock.today().year + 1}-H2"
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(world, {"code": "POVERTY_RATE", "value": 3}, period=future))
    assert status == 422 and "chưa bắt đầu" in body["detail"]
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", {**entry_body(world, {"code": "POVERTY_RATE", "value": 3}), "unit": 999999})
    assert status == 422 and body["errors"][0]["param"] == "unit"
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", entry_body(world, {"code": "POVERTY_RATE", "value": 3, "data_status": "guess"}))
    assert status == 422 and body["errors"][0]["param"] == "entries.0.data_status"


def test_a_unit_that_does_not_report_the_indicator_is_refused(world: World, plan: IndicatorPlan) -> None:
    body_in = entry_body(world, {"code": "POVERTY_RATE", "value": 3})
    status, body = call(world, world.other_head, "POST", "/api/v1/actuals", body_in)
    assert status == 403 and "không báo cáo “Tỷ lệ hộ nghèo”" in body["detail"]
    assert call(world, world.committee_office, "POST", "/api/v1/actuals", body_in)[0] == 403
    assert call(world, None, "POST", "/api/v1/actuals", body_in)[0] == 401
    assert call(world, world.other_head, "POST", "/api/v1/actuals", entry_body(world, {"code": "DOCTORS_PER_10K", "value": 10.8}))[0] == 201


def test_resending_a_stored_figure_is_still_refused_to_who_may_not_enter_it(world: World, plan: IndicatorPlan) -> None:
    body_in = entry_body(world, {"code": "POVERTY_RATE", "value": "3,2"})
    assert call(world, world.officer, "POST", "/api/v1/actuals", body_in)[0] == 201
    status, body = call(world, world.officer, "POST", "/api/v1/actuals", body_in)
    assert (status, body["count"]) == (201, 0), "nothing changed, nothing sent back for approval"
    for user in (world.other_head, world.delegate, world.council_office):
        assert call(world, user, "POST", "/api/v1/actuals", body_in)[0] == 403, user.username


def test_the_head_approves_and_the_targets_status_follows(world: World, plan: IndicatorPlan) -> None:
    actual = enter(world, "POVERTY_RATE", "2020", Decimal("1.9"))
    assert call(world, world.officer, "POST", f"/api/v1/actuals/{actual.pk}/approve")[0] == 403
    assert call(world, world.other_head, "POST", f"/api/v1/actuals/{actual.pk}/approve")[0] == 403
    status, body = call(world, world.head, "POST", f"/api/v1/actuals/{actual.pk}/approve", {"note": "Đồng ý"})
    assert status == 200 and body["state"] == "approved" and body["reviewed_by"] == world.head.display_name
    target = Target.objects.get(pk=plan.targets["POVERTY_RATE"].pk)
    assert plan.targets["POVERTY_RATE"].status == "off_track"
    assert (target.status, target.as_of) == ("on_track", "2020"), "the 2020 figure meets the target in its year"
    status, body = call(world, world.head, "POST", f"/api/v1/actuals/{actual.pk}/approve")
    assert status == 422 and "không ở trạng thái chờ duyệt" in body["detail"]
    assert call(world, world.head, "POST", "/api/v1/actuals/999999/approve")[0] == 404


def test_returning_a_figure_needs_a_reason(world: World, plan: IndicatorPlan) -> None:
    actual = enter(world, "BUDGET_REVENUE", "2020-H1", Decimal(7000))
    status, body = call(world, world.head, "POST", f"/api/v1/actuals/{actual.pk}/return", {"note": "  "})
    assert status == 422 and "Trả lại cần nêu lý do" in body["detail"]
    status, body = call(world, world.head, "POST", f"/api/v1/actuals/{actual.pk}/return", {"note": "Thiếu số thu từ đất"})
    assert status == 200 and (body["state"], body["review_note"]) == ("returned", "Thiếu số thu từ đất")
    assert Actual.objects.get(pk=actual.pk).state == ActualState.RETURNED


# --- assessments -----------------------------------------------------------------------------------


def remedy(world: World, **overrides: Any) -> dict[str, Any]:
    return {"text": "Rà soát, bổ sung chính sách hỗ trợ hộ nghèo thoát nghèo bền vững", "owner_unit": world.finance.pk,
            "owner_person": world.head.person_id, "due_on": (clock.today() + dt.timedelta(days=90)).isoformat(), **overrides}


def test_an_off_track_target_cannot_be_submitted_without_cause_and_remedy(world: World, plan: IndicatorPlan) -> None:
    target = plan.targets["POVERTY_RATE"]
    base = {"target": target.pk, "as_of": "2019", "summary": "Giảm nghèo chậm", "submit": True}
    status, body = call(world, world.committee_office, "POST", "/api/v1/assessments", base)
    assert status == 422
    assert body["detail"] == "Chỉ tiêu “Khó đạt”: phải nêu nguyên nhân và ít nhất một giải pháp (đơn vị chủ trì, thời hạn) trước khi gửi đánh giá."
    assert not Assessment.objects.exists()
    status, body = call(world, world.committee_office, "POST", "/api/v1/assessments",
                        {**base, "cause": "Nguồn lực hỗ trợ hạn chế; thiên tai năm 2019", "remedies": [remedy(world)]})
    assert status == 201, body
    assert (body["status"], body["state"], body["as_of"]) == ("off_track", "submitted", "2019")
    [made] = body["remedies"]
    assert made["owner_unit"]["code"] == "DEPT:P99:tc" and made["task_id"] is not None
    task = Task.objects.get(pk=made["task_id"])
    assert (task.lead_unit_id, task.issuer_id) == (world.finance.pk, world.committee.pk)
    # The office acted: the task is created and issued by its user, not by "system".
    records = AuditRecord.objects.filter(object_type="tasks.task", object_id=str(task.pk)).order_by("seq")
    assert [(r.action, r.actor_id) for r in records] == [("tasks.task.create", world.committee_office.pk),
                                                         ("tasks.task.issue", world.committee_office.pk)]


def test_a_draft_is_seen_by_the_office_only_and_a_submitted_one_by_everyone(world: World, plan: IndicatorPlan) -> None:
    target = plan.targets["BUDGET_REVENUE"]
    status, draft = call(world, world.committee_office, "POST", "/api/v1/assessments", {"target": target.pk, "as_of": "2019"})
    assert status == 201 and (draft["state"], draft["status"], draft["remedies"]) == ("draft", "on_track", [])
    url = f"/api/v1/assessments?plan={plan.plan.pk}&target={target.pk}"
    assert call(world, None, "GET", url)[1]["count"] == 0
    assert call(world, world.officer, "GET", url)[1]["count"] == 0
    assert [a["id"] for a in call(world, world.committee_office, "GET", url)[1]["items"]] == [draft["id"]]
    assert call(world, world.admin, "GET", url)[1]["count"] == 1
    status, submitted = call(world, world.committee_office, "POST", "/api/v1/assessments", {"target": target.pk, "as_of": "2019", "submit": True})
    assert status == 201
    _, public = call(world, None, "GET", url)
    assert [a["id"] for a in public["items"]] == [submitted["id"]]
    assert call(world, None, "GET", f"{url}&state=draft")[1]["count"] == 0


def test_only_the_provinces_office_writes_assessments_and_bad_references_are_named(world: World, plan: IndicatorPlan) -> None:
    target = plan.targets["BUDGET_REVENUE"]
    for user in (world.officer, world.head, world.council_office, world.delegate):
        assert call(world, user, "POST", "/api/v1/assessments", {"target": target.pk, "as_of": "2019"})[0] == 403, user.username
    assert call(world, None, "POST", "/api/v1/assessments", {"target": target.pk, "as_of": "2019"})[0] == 401
    status, body = call(world, world.committee_office, "POST", "/api/v1/assessments", {"target": 999999, "as_of": "2019"})
    assert status == 422 and body["errors"][0]["param"] == "target"
    status, body = call(world, world.committee_office, "POST", "/api/v1/assessments",
                        {"target": target.pk, "as_of": "2019", "remedies": [remedy(world, owner_unit=999999)]})
    assert status == 422 and body["errors"][0]["param"] == "remedies.0.owner_unit"
    status, body = call(world, world.committee_office, "POST", "/api/v1/assessments", {"target": target.pk, "as_of": "2014"})
    assert status == 422 and "2016-2020" in body["detail"]
