"""Plan indicators: periods and cut-offs, data entry rules, approval, status refresh, merge
aggregation across reorganisation, the cause-and-remedy gate and remedies as tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tests.conftest import World, make_user
from tests.indicators.fixtures import PlanWorld, approved, indicator_plan, plan_world
from thucthi.accounts.models import Role
from thucthi.accounts.policy import Action, Figure, PermissionDenied, can, issues_remedy_tasks, reported_figures
from thucthi.audit.models import AuditRecord
from thucthi.core import clock, numbers
from thucthi.core.errors import DomainError
from thucthi.indicators import selectors, services
from thucthi.indicators.aggregation import NotComparable, aggregate, series_in_today_structure
from thucthi.indicators.models import Actual, ActualState, AggregateApproval, Assessment, AssessmentState, Indicator, Plan, Target
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import Person, SuccessionKind, Unit, UnitKind
from thucthi.tasks import selectors as task_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(world: World) -> PlanWorld:
    return plan_world(world)


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "start", "end", "months"), [
    ("2020", dt.date(2019, 12, 15), dt.date(2020, 12, 14), 12),  # Decree 09/2019 art. 12: year
    ("2020-H1", dt.date(2019, 12, 15), dt.date(2020, 6, 14), 6),  # six months
    ("2020-Q3", dt.date(2020, 6, 15), dt.date(2020, 9, 14), 3),  # quarter
    ("2020-03", dt.date(2020, 2, 15), dt.date(2020, 3, 14), 1),  # month
    ("2020-01", dt.date(2019, 12, 15), dt.date(2020, 1, 14), 1),  # across the year end
])
def test_reporting_periods_have_the_decree_09_cut_offs(key: str, start: dt.date, end: dt.date, months: int) -> None:
    p = reporting_period(key)
    assert (p.cutoff_start, p.cutoff_end, p.months) == (start, end, months)


def test_a_bad_period_is_refused_in_vietnamese() -> None:
    with pytest.raises(DomainError, match="Kỳ không hợp lệ"):
        reporting_period("2020-H3")


@pytest.mark.parametrize(("text", "value"), [
    ("1.234,5", D("1234.5")), ("1234,5", D("1234.5")), ("12.004", D(12004)), ("88.5", D("88.5")), (" 7 ", D(7)),
    ("1,234.5", D("1234.5")), ("1.234.567,25", D("1234567.25")), ("12.345.678", D(12345678)),
])
def test_numbers_are_read_as_vietnamese_write_them(text: str, value: D) -> None:
    assert numbers.parse_value(text) == value


def test_a_word_is_not_a_number() -> None:
    with pytest.raises(DomainError, match="không phải là số"):
        numbers.parse_value("mười")


# --- entry and approval ------------------------------------------------------------------------


def test_an_officer_enters_and_the_head_approves_and_the_status_follows(world: World, pw: PlanWorld) -> None:
    for year, value in [(2016, 1150), (2017, 1320), (2018, 1520)]:
        approved(pw.revenue, world.province, str(year), value)
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019",
                                      entries=[services.Entry(pw.revenue, D(1750), "preliminary", "Báo cáo số 5/BC-STC")])
    assert actual.state == ActualState.ENTERED and actual.entered_by == world.officer
    target = Target.objects.get(pk=pw.targets["REV"].pk)
    assert target.as_of == "2018"  # an entered figure does not count until approved
    services.actual_review(actor=world.head, actual=actual, approve=True)
    target.refresh_from_db()
    # Observed growth 2015→2019: (1750/1000)^(1/4)-1 = 15.0 %/yr; required 2015→2020: 2^(1/5)-1 = 14.9 %/yr → ratio ≈ 1.01.
    assert (target.as_of, target.status) == ("2019", "on_track")
    assert target.projected is not None and target.projected > D(2000)


def test_an_officer_cannot_approve_and_a_return_needs_a_reason(world: World, pw: PlanWorld) -> None:
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])
    with pytest.raises(PermissionDenied):
        services.actual_review(actor=world.officer, actual=actual, approve=True)
    with pytest.raises(DomainError, match="lý do"):
        services.actual_review(actor=world.head, actual=actual, approve=False)
    services.actual_review(actor=world.head, actual=actual, approve=False, note="Chưa khớp số kho bạc")
    assert Actual.objects.get(pk=actual.pk).state == ActualState.RETURNED


def test_another_units_head_cannot_enter_what_finance_reports(world: World, pw: PlanWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.actuals_enter(actor=world.other_head, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])


def test_the_merged_departments_indicators_are_entered_by_its_successor(world: World, pw: PlanWorld) -> None:
    # Disbursement was reported by the planning department, merged into finance on 1/3/2025.
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.disbursement, D(88))])
    assert actual.indicator == pw.disbursement


def test_out_of_range_is_refused_and_nothing_is_written(world: World, pw: PlanWorld) -> None:
    with pytest.raises(DomainError, match="vượt mức tối đa 150"):
        services.actuals_enter(actor=world.officer, unit=world.province, period="2019",
                               entries=[services.Entry(pw.revenue, D(1750)), services.Entry(pw.disbursement, D(180))])
    assert not Actual.objects.exists()


def test_a_big_change_on_last_year_needs_a_confirmation(world: World, pw: PlanWorld) -> None:
    approved(pw.revenue, world.province, "2018", 1500)
    with pytest.raises(services.NeedsConfirmation) as caught:
        services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(2100))])
    assert "tăng 40% so với cùng kỳ năm trước" in caught.value.warnings[0]
    assert not Actual.objects.filter(period="2019").exists()
    services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(2100))], confirm=True)
    assert Actual.objects.filter(period="2019").count() == 1


def test_shares_must_add_up_to_100(world: World, pw: PlanWorld) -> None:
    with pytest.raises(DomainError, match="cộng lại 90%"):
        services.actuals_enter(actor=world.officer, unit=world.province, period="2019",
                               entries=[services.Entry(pw.industry, D(60)), services.Entry(pw.services_share, D(30))])
    services.actuals_enter(actor=world.officer, unit=world.province, period="2019",
                           entries=[services.Entry(pw.industry, D("60.4")), services.Entry(pw.services_share, D("39.6"))])
    # One share alone is checked against the other's stored value.
    with pytest.raises(DomainError, match="không phải 100%"):
        services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.industry, D(70))])


def test_a_period_that_has_not_begun_is_refused(world: World, pw: PlanWorld) -> None:
    with clock.frozen(dt.date(2020, 5, 1)), pytest.raises(DomainError, match="chưa bắt đầu"):
        services.actuals_enter(actor=world.officer, unit=world.province, period="2020-Q3", entries=[services.Entry(pw.revenue, D(1))])


# --- forecast through the within-year profile ---------------------------------------------------


def _disbursement_history(world: World, pw: PlanWorld) -> None:
    profile = (3, 4, 5, 6, 7, 9, 8, 9, 9, 10, 12, 18)  # % of 2019's total disbursed each month
    approved(pw.disbursement, world.province, "2019", 88)
    for month, share in enumerate(profile, start=1):
        approved(pw.disbursement, world.province, f"2019-{month:02d}", 88 * share / 100)
    for month, value in [(1, 2), (2, 3), (3, 5)]:
        approved(pw.disbursement, world.province, f"2020-{month:02d}", value)
    services.refresh_target(pw.targets["DISB"])


def test_the_within_year_profile_projects_the_year_and_a_half_year_figure_moves_it(world: World, pw: PlanWorld) -> None:
    _disbursement_history(world, pw)
    target = Target.objects.get(pk=pw.targets["DISB"].pk)
    # Jan-Mar 2020 = 10; in 2019 Jan-Mar was 12 % of the year → 10 / 0.12 = 83.3 → below 90 % of 100.
    assert (target.as_of, target.status) == ("2020-Q1", "off_track")
    assert target.projected == pytest.approx(D("83.3333"), abs=D("0.001"))
    [h1] = services.actuals_enter(actor=world.officer, unit=world.province, period="2020-H1", entries=[services.Entry(pw.disbursement, D(32))])
    services.actual_review(actor=world.head, actual=h1, approve=True)
    target.refresh_from_db()
    # H1 2020 = 32; in 2019 Jan-Jun was 34 % → 32 / 0.34 = 94.1 → between 90 % and 100 % of the target.
    assert (target.as_of, target.status) == ("2020-H1", "at_risk")
    assert target.projected == pytest.approx(D("94.1176"), abs=D("0.001"))


def test_a_method_that_cannot_run_falls_back_and_says_so(world: World, pw: PlanWorld) -> None:
    for year, value in [(2016, 1200), (2017, 1300), (2018, 1400)]:
        approved(pw.revenue, world.province, str(year), value)
    approved(pw.revenue, world.province, "2019-H1", 700)
    target = pw.targets["REV"]
    target.method = "cumulative_profile"  # no past months to learn the year's profile from
    target = services.refresh_target(target)
    assert "chưa dùng được" in target.explanation and "tuyến tính" in target.explanation
    assert target.status


# --- aggregation across reorganisation ---------------------------------------------------------


def _two_old_provinces(world: World, *, split: bool = False) -> tuple[Unit, Unit]:
    before = dt.date(2025, 6, 30)
    units = [UnitSpec(code=c, kind=UnitKind.PROVINCE, name=n, valid_to=before) for c, n in (("OLD-A", "Tỉnh A cũ"), ("OLD-B", "Tỉnh B cũ"))]
    links = [SuccessionSpec(c, "P99", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15") for c in ("OLD-A", "OLD-B")]
    if split:
        units.append(UnitSpec(code="P98", kind=UnitKind.PROVINCE, name="Tỉnh bên cạnh"))
        links.append(SuccessionSpec("OLD-B", "P98", SuccessionKind.SPLIT, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15"))
    units_load(actor=None, dataset="test-old-provinces", units=units, links=links)
    return Unit.objects.get(code="OLD-A"), Unit.objects.get(code="OLD-B")


def test_a_sum_indicator_is_shown_in_todays_structure(world: World, pw: PlanWorld) -> None:
    a, b = _two_old_provinces(world)
    approved(pw.revenue, a, "2019", 16000)
    approved(pw.revenue, b, "2019", 19000)
    approved(pw.revenue, a, "2018", 13000)  # B's 2018 is missing: no figure for today's province
    approved(pw.revenue, world.province, "2025", 82000)
    s = series_in_today_structure(pw.revenue, world.province, on=dt.date(2026, 1, 1))
    assert s.points == {"2019": D(35000), "2025": D(82000)}
    assert s.combined["2019"] == "Tỉnh A cũ + Tỉnh B cũ"
    assert "cộng các đơn vị" in s.notes[0] and "202/2025/QH15" in s.notes[0]


def test_a_ratio_is_recomputed_from_its_components_not_averaged(world: World, pw: PlanWorld) -> None:
    a, b = _two_old_provinces(world)
    for unit, poor, hh in ((a, 1000, 100000), (b, 6000, 200000)):
        approved(pw.poor, unit, "2019", poor)
        approved(pw.households, unit, "2019", hh)
        approved(pw.poverty, unit, "2019", poor / hh * 100)
    s = series_in_today_structure(pw.poverty, world.province, on=dt.date(2026, 1, 1))
    # (1,000 + 6,000) / (100,000 + 200,000) = 2.333 %, not the mean of 1 % and 3 % (2 %).
    assert s.points["2019"] == pytest.approx(D("2.3333"), abs=D("0.0001"))


def test_ranks_are_refused_and_say_why(world: World, pw: PlanWorld) -> None:
    a, b = _two_old_provinces(world)
    approved(pw.pci, a, "2019", 12)
    approved(pw.pci, b, "2019", 30)
    s = series_in_today_structure(pw.pci, world.province, on=dt.date(2026, 1, 1))
    assert s.points == {} and "thứ hạng" in s.notes[0]
    with pytest.raises(NotComparable, match="thứ hạng"):
        aggregate(pw.pci, [a.pk, b.pk], ["2019"])


def test_a_split_predecessor_cannot_be_added_whole(world: World, pw: PlanWorld) -> None:
    a, b = _two_old_provinces(world, split=True)
    approved(pw.revenue, a, "2019", 16000)
    approved(pw.revenue, b, "2019", 19000)
    s = series_in_today_structure(pw.revenue, world.province, on=dt.date(2026, 1, 1))
    assert "2019" not in s.points and any("chia tách" in n for n in s.notes)


def test_a_national_aggregate_waits_for_every_unit(world: World, pw: PlanWorld) -> None:
    a, b = _two_old_provinces(world)
    approved(pw.revenue, a, "2019", 16000)
    assert aggregate(pw.revenue, [a.pk, b.pk], ["2019"]) == {"2019": (None, 1)}
    approved(pw.revenue, b, "2019", 19000)
    assert aggregate(pw.revenue, [a.pk, b.pk], ["2019"]) == {"2019": (D(35000), 2)}


def test_the_province_signs_off_its_approved_figure(world: World, pw: PlanWorld) -> None:
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])
    with pytest.raises(DomainError, match="chưa được lãnh đạo"):
        services.aggregate_approve(actor=world.committee_office, indicator=pw.revenue, area=world.province, period="2019")
    services.actual_review(actor=world.head, actual=actual, approve=True)
    with pytest.raises(PermissionDenied):
        services.aggregate_approve(actor=world.head, indicator=pw.revenue, area=world.province, period="2019")
    approval = services.aggregate_approve(actor=world.committee_office, indicator=pw.revenue, area=world.province, period="2019")
    assert AggregateApproval.objects.get().value == D(1750) and approval.approved_by == world.committee_office


# --- the cause-and-remedy gate -------------------------------------------------------------------


def test_behind_schedule_needs_a_cause_and_a_remedy_which_becomes_a_task(world: World, pw: PlanWorld) -> None:
    _disbursement_history(world, pw)
    target = Target.objects.get(pk=pw.targets["DISB"].pk)
    with pytest.raises(DomainError, match="nguyên nhân và ít nhất một giải pháp"):
        services.assessment_save(actor=world.committee_office, target=target, as_of="2020-Q1", submit=True)
    remedy = services.RemedyInput(text="Giao chủ đầu tư cam kết tiến độ giải ngân theo tháng", owner_unit=world.finance,
                                  due_on=clock.today() + dt.timedelta(days=60), owner_person=world.officer.person)
    with pytest.raises(DomainError, match="ít nhất một giải pháp"):
        services.assessment_save(actor=world.committee_office, target=target, as_of="2020-Q1", cause="Giải phóng mặt bằng chậm", submit=True)
    assert not Assessment.objects.exists()
    assessment = services.assessment_save(actor=world.committee_office, target=target, as_of="2020-Q1", cause="Giải phóng mặt bằng chậm",
                                          remedies=[remedy], submit=True)
    assert (assessment.state, assessment.status) == (AssessmentState.SUBMITTED, "off_track")
    task = assessment.remedies.get().task
    assert task is not None and task.lead_unit == world.finance and task.issuer == world.committee
    assert task.source == assessment.remedies.get() and task.deadline is not None
    inbox = task_selectors.inbox(world.officer, today=clock.today())
    assert task.pk in set(inbox.values_list("pk", flat=True))


def test_an_assessment_on_track_needs_no_remedy(world: World, pw: PlanWorld) -> None:
    for year, value in [(2016, 1200), (2017, 1450), (2018, 1700)]:
        approved(pw.revenue, world.province, str(year), value)
    target = services.refresh_target(pw.targets["REV"])
    assessment = services.assessment_save(actor=world.committee_office, target=target, as_of="2018", summary="Vượt tiến độ", submit=True)
    assert assessment.status in ("on_track", "achieved_early") and not assessment.remedies.exists()


def test_only_the_provinces_office_assesses(world: World, pw: PlanWorld) -> None:
    approved(pw.revenue, world.province, "2018", 1700)
    with pytest.raises(PermissionDenied):
        services.assessment_save(actor=world.head, target=pw.targets["REV"], as_of="2018")


def test_a_submitted_assessment_cannot_be_edited(world: World, pw: PlanWorld) -> None:
    approved(pw.revenue, world.province, "2018", 1700)
    a = services.assessment_save(actor=world.committee_office, target=pw.targets["REV"], as_of="2018", submit=True)
    with pytest.raises(DomainError, match="đã gửi"):
        services.assessment_save(actor=world.committee_office, target=pw.targets["REV"], as_of="2018", assessment=a)


# --- the office's pages --------------------------------------------------------------------------


def test_the_office_defines_an_indicator_a_plan_and_a_target_on_the_web(world: World) -> None:
    client = world.client_for(world.committee_office)
    response = client.post("/indicators/definitions/new/", {
        "code": "xnk", "name": "Kim ngạch xuất khẩu", "measure": "triệu USD", "direction": "higher", "kind": "flow",
        "merge_rule": "sum", "method": "growth_ratio", "reporting_unit": world.finance.pk, "min_value": "0",
    })
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="XNK")
    response = client.post("/indicators/plans/new/", {"kind": "five_year", "name": "Kế hoạch 5 năm 2021-2025", "area": world.province.pk,
                                                      "start_year": 2021, "end_year": 2025})
    assert response.status_code == 302
    plan = Plan.objects.get(start_year=2021)
    bad = client.post(f"/indicators/plans/{plan.pk}/targets/", {"indicator": indicator.pk, "baseline_year": 2020, "baseline_value": "năm nghìn",
                                                               "year": 2025, "value": "8.000"})
    assert bad.status_code == 200 and "không phải là số" in bad.content.decode()
    assert not Target.objects.filter(plan=plan).exists()
    response = client.post(f"/indicators/plans/{plan.pk}/targets/", {"indicator": indicator.pk, "baseline_year": 2020, "baseline_value": "5.000",
                                                                    "year": 2025, "value": "8.000", "trajectory": "2023: 6.500; 2024: 7.200"})
    assert response.status_code == 302
    target = Target.objects.get(plan=plan)
    assert (target.value, [t.value for t in target.trajectory.all()]) == (D(8000), [D(6500), D(7200)])


def test_a_rank_cannot_be_summed_when_units_merge(world: World) -> None:
    response = world.client_for(world.committee_office).post("/indicators/definitions/new/", {
        "code": "PCI2", "name": "Thứ hạng PCI", "measure": "hạng", "direction": "lower", "kind": "rank", "merge_rule": "sum", "method": "manual",
    })
    assert response.status_code == 200 and "không cộng gộp được" in response.content.decode()
    assert not Indicator.objects.filter(code="PCI2").exists()


def test_the_grid_saves_all_rows_or_none_and_keeps_what_was_typed(world: World, pw: PlanWorld) -> None:
    client = world.client_for(world.officer)
    page = client.get(f"/indicators/entry/?unit={world.province.pk}&period=2019").content.decode()
    assert "Thu ngân sách trên địa bàn" in page and "Tỷ lệ giải ngân vốn đầu tư công" in page
    form = {"unit": world.province.pk, "period": "2019", f"value-{pw.revenue.pk}": "1.750", f"value-{pw.disbursement.pk}": "180"}
    response = client.post("/indicators/entry/", form)
    body = response.content.decode()
    assert response.status_code == 200 and "vượt mức tối đa" in body and 'value="1.750"' in body
    assert not Actual.objects.exists()
    form[f"value-{pw.disbursement.pk}"] = "88,5"
    assert client.post("/indicators/entry/", form).status_code == 302
    assert sorted(Actual.objects.values_list("value", flat=True)) == [D("88.5"), D(1750)]


def test_a_returned_figure_sent_again_unchanged_goes_back_to_the_head(world: World, pw: PlanWorld) -> None:
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])
    services.actual_review(actor=world.head, actual=actual, approve=False, note="Kiểm tra lại với kho bạc")
    [again] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])
    assert again.state == ActualState.ENTERED and again.version == 2


def test_more_than_four_decimals_is_refused() -> None:
    with pytest.raises(DomainError, match="4 chữ số"):
        numbers.parse_value("1,23456")


def test_a_refused_assessment_records_no_person_it_named(world: World, pw: PlanWorld) -> None:
    _disbursement_history(world, pw)
    target = pw.targets["DISB"]
    form = {"as_of": "2020-Q1", "submit": "1", "remedy-1-text": "Họp giao ban hằng tuần với chủ đầu tư",
            "remedy-1-owner": world.finance.pk, "remedy-1-due": (clock.today() + dt.timedelta(days=60)).isoformat(),
            "remedy-1-person": "Nguyễn Văn Mới"}
    client = world.client_for(world.committee_office)
    refused = client.post(f"/indicators/targets/{target.pk}/assess/", form)  # at risk, and no cause
    assert refused.status_code == 200 and "nguyên nhân" in refused.content.decode()
    assert not Person.objects.filter(full_name="Nguyễn Văn Mới").exists() and not Assessment.objects.exists()
    assert client.post(f"/indicators/targets/{target.pk}/assess/", {**form, "cause": "Giải phóng mặt bằng chậm"}).status_code == 302
    remedy = Assessment.objects.get().remedies.get()
    assert remedy.owner_person is not None and remedy.owner_person.full_name == "Nguyễn Văn Mới"
    assert remedy.task is not None and remedy.task.responsible == remedy.owner_person


# --- true actors, refusals that leave nothing, locks and "before" in the audit --------------------


def _audit(action: str, obj: object) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("seq"))  # type: ignore[attr-defined]


def test_a_remedys_task_and_the_person_it_names_are_recorded_as_the_office_user(world: World, pw: PlanWorld) -> None:
    _disbursement_history(world, pw)
    remedy = services.RemedyInput(text="Giao chủ đầu tư cam kết tiến độ giải ngân theo tháng", owner_unit=world.finance,
                                  due_on=clock.today() + dt.timedelta(days=60), owner_name="Trần Thị Chủ Trì")
    assessment = services.assessment_save(actor=world.committee_office, target=pw.targets["DISB"], as_of="2020-Q1",
                                          cause="Giải phóng mặt bằng chậm", remedies=[remedy], submit=True)
    made = assessment.remedies.get()
    assert made.task is not None and made.owner_person is not None
    records = [*_audit("tasks.task.create", made.task), *_audit("tasks.task.issue", made.task), *_audit("indicators.remedy.task", made),
               *_audit("orgs.person.create", made.owner_person), *_audit("indicators.assessment.submit", assessment)]
    assert [r.action for r in records] == ["tasks.task.create", "tasks.task.issue", "indicators.remedy.task", "orgs.person.create",
                                           "indicators.assessment.submit"]
    assert {r.actor_id for r in records} == {world.committee_office.pk}
    assert made.task.created_by == world.committee_office
    [remedy_record] = _audit("indicators.remedy.task", made)
    assert remedy_record.before is not None and remedy_record.before["task_id"] is None
    assert remedy_record.after is not None and remedy_record.after["task_id"] == made.task.pk


def test_every_indicator_flow_is_recorded_as_the_user_who_acted(world: World, pw: PlanWorld) -> None:
    client = world.client_for(world.committee_office)
    assert client.post(f"/indicators/plans/{pw.plan.pk}/targets/?indicator={pw.revenue.pk}", {
        "indicator": pw.revenue.pk, "baseline_year": 2015, "baseline_value": "1000", "year": 2020, "value": "2100",
    }).status_code == 302
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=[services.Entry(pw.revenue, D(1750))])
    services.actual_review(actor=world.head, actual=actual, approve=True)
    approval = services.aggregate_approve(actor=world.committee_office, indicator=pw.revenue, area=world.province, period="2019")
    assert [r.actor_id for r in _audit("indicators.target.set", pw.targets["REV"])][-1] == world.committee_office.pk
    assert [r.actor_id for r in _audit("indicators.actual.enter", actual)] == [world.officer.pk]
    assert [r.actor_id for r in _audit("indicators.actual.review", actual)] == [world.head.pk]
    assert [r.actor_id for r in _audit("indicators.aggregate.approve", approval)] == [world.committee_office.pk]


def test_a_refused_figure_leaves_no_row_and_no_audit_record(world: World, pw: PlanWorld) -> None:
    entries = [services.Entry(pw.revenue, D(1750))]
    with pytest.raises(PermissionDenied, match="không báo cáo"):
        services.actuals_enter(actor=world.other_head, unit=world.province, period="2019", entries=entries)
    assert not Actual.objects.exists() and not AuditRecord.objects.filter(action="indicators.actual.enter").exists()
    [actual] = services.actuals_enter(actor=world.officer, unit=world.province, period="2019", entries=entries)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo đơn vị báo cáo"):
        services.actual_review(actor=world.other_head, actual=actual, approve=True)
    actual.refresh_from_db()
    assert actual.state == ActualState.ENTERED and not AuditRecord.objects.filter(action="indicators.actual.review").exists()


def test_an_office_plans_only_for_its_own_province(world: World, pw: PlanWorld) -> None:
    a, _b = _two_old_provinces(world)
    other = world.other_province
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=world.committee_office, kind=pw.plan.kind, name="Kế hoạch của tỉnh bên cạnh", area=other,
                             start_year=2021, end_year=2025)
    assert not Plan.objects.filter(area=other).exists()
    # The province it took over in 2025 is its own.
    plan = services.plan_create(actor=world.committee_office, kind=pw.plan.kind, name="Kế hoạch của tỉnh A cũ", area=a,
                                start_year=2021, end_year=2025)
    assert plan.area == a
    other_plan = Plan.objects.create(kind=pw.plan.kind, name="Kế hoạch của tỉnh bên cạnh", area=other, start_year=2021, end_year=2025)
    with pytest.raises(PermissionDenied):
        services.target_set(actor=world.committee_office, plan=other_plan, indicator=pw.revenue, baseline_year=2020,
                            baseline_value=D(1), year=2025, value=D(2))
    assert not Target.objects.filter(plan=other_plan).exists()
    response = world.client_for(world.committee_office).get(f"/indicators/plans/{other_plan.pk}/targets/")
    assert response.status_code == 403
    # …and the other province's office plans for its own.
    services.target_set(actor=world.other_office, plan=other_plan, indicator=pw.revenue, baseline_year=2020,
                        baseline_value=D(1), year=2025, value=D(2))


def test_a_remedys_task_is_issued_only_for_a_committee_the_user_acts_for(world: World) -> None:
    neighbour = world.other_committee
    assert issues_remedy_tasks(world.committee_office, world.committee.pk)
    assert issues_remedy_tasks(world.other_office, neighbour.pk) and not issues_remedy_tasks(world.other_office, world.committee.pk)
    assert issues_remedy_tasks(world.admin, neighbour.pk)
    assert not issues_remedy_tasks(world.committee_office, neighbour.pk)
    assert not issues_remedy_tasks(world.council_office, world.committee.pk)
    assert not issues_remedy_tasks(world.officer, world.committee.pk)


def test_changes_lock_their_row_and_audit_what_was_there_before(world: World, pw: PlanWorld) -> None:
    target = services.target_set(actor=world.committee_office, plan=pw.plan, indicator=pw.revenue, trajectory={2018: D(1500)},
                                 baseline_year=2015, baseline_value=D(1000), year=2020, value=D(2100))
    last = _audit("indicators.target.set", target)[-1]
    assert last.before is not None and D(last.before["value"]) == 2000 and last.after is not None and D(last.after["value"]) == 2100
    assert {y: D(v) for y, v in last.after["trajectory"].items()} == {"2018": 1500} and last.before["trajectory"] == {}
    for year, value in [(2018, 1500), (2019, 1700)]:
        approved(pw.revenue, world.province, str(year), value)
    services.aggregate_approve(actor=world.committee_office, indicator=pw.revenue, area=world.province, period="2019")
    Actual.objects.filter(period="2019").update(value=D(1800))
    approval = services.aggregate_approve(actor=world.committee_office, indicator=pw.revenue, area=world.province, period="2019")
    first, second = _audit("indicators.aggregate.approve", approval)
    assert first.before is None and second.before is not None and D(second.before["value"]) == 1700
    assert second.after is not None and D(second.after["value"]) == 1800
    draft = services.assessment_save(actor=world.committee_office, target=pw.targets["REV"], as_of="2019", summary="Lần đầu")
    services.assessment_save(actor=world.committee_office, target=pw.targets["REV"], as_of="2019", summary="Sửa lại", assessment=draft)
    saved = _audit("indicators.assessment.save", draft)
    assert saved[0].before is None and saved[1].before is not None and saved[1].before["summary"] == "Lần đầu"
    assert saved[1].after is not None and saved[1].after["summary"] == "Sửa lại"
    ind = services.indicator_save(actor=world.committee_office, code=pw.revenue.code, name="Thu ngân sách (sửa)")
    record = _audit("indicators.indicator.save", ind)[-1]
    assert record.before is not None and record.before["name"] == pw.revenue.name and record.after is not None and record.after["name"] == ind.name


def test_who_reports_a_figure_is_one_rule_for_one_figure_and_for_lists(world: World, pw: PlanWorld) -> None:
    a, _b = _two_old_provinces(world)
    other = world.other_province
    commune = Unit.objects.create(code="X99", kind=UnitKind.COMMUNE, name="Xã Thử", parent=world.province)
    commune_committee = Unit.objects.create(code="UBND:X99", kind=UnitKind.PEOPLES_COMMITTEE, name="UBND xã Thử", area=commune)
    commune_head = make_user("son", Role.UNIT_HEAD, commune_committee)
    for unit in (world.province, a, other, commune):
        for ind in (pw.revenue, pw.poverty):
            approved(ind, unit, "2019", 5)
    Actual.objects.update(state=ActualState.ENTERED)
    actuals = list(Actual.objects.select_related("indicator", "unit"))
    other_head = make_user("vinh", Role.UNIT_HEAD, world.other_department)
    for user in (world.admin, world.officer, world.head, world.other_head, world.committee_office, world.delegate, commune_head,
                 world.other_office, other_head):
        listed = set(Actual.objects.filter(reported_figures(user)).values_list("pk", flat=True))
        one_by_one = {x.pk for x in actuals if can(user, Action.ACTUAL_ENTER, Figure(x.indicator, x.unit))
                      or can(user, Action.ACTUAL_APPROVE, Figure(x.indicator, x.unit))}
        assert listed == one_by_one, user.username
    officer_sees = {(x.unit.code, x.indicator_id) for x in Actual.objects.filter(reported_figures(world.officer)).select_related("unit")}
    assert (other.code, pw.revenue.pk) not in officer_sees and (a.code, pw.revenue.pk) in officer_sees
    assert {x.unit_id for x in Actual.objects.filter(reported_figures(commune_head))} == {commune.pk}
    assert {u.pk for u in selectors.entry_units(commune_head)} == {commune.pk}
    assert {x.pk for x in selectors.pending_review(world.head)} == {x.pk for x in actuals if x.unit != other and x.indicator.reporting_unit_id}


def test_a_draft_assessment_is_shown_on_the_target_page_only_to_who_may_write_it(world: World, pw: PlanWorld) -> None:
    approved(pw.revenue, world.province, "2018", 1700)
    services.assessment_save(actor=world.committee_office, target=pw.targets["REV"], as_of="2018", summary="Nhận định còn đang viết")
    url = f"/indicators/targets/{pw.targets['REV'].pk}/"
    assert "Nhận định còn đang viết" in world.client_for(world.committee_office).get(url).content.decode()
    for user in (None, world.officer, world.other_office):
        assert "Nhận định còn đang viết" not in world.client_for(user).get(url).content.decode()


def test_an_office_edits_only_the_definitions_its_province_reports(world: World, pw: PlanWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.indicator_save(actor=world.other_office, code=pw.revenue.code, name="Sửa từ tỉnh khác")
    with pytest.raises(PermissionDenied):  # nor makes one reported by another province's department
        services.indicator_save(actor=world.other_office, code="MOI", name="Chỉ tiêu mới", measure="%", reporting_unit=world.finance)
    assert Indicator.objects.get(pk=pw.revenue.pk).name == pw.revenue.name and not Indicator.objects.filter(code="MOI").exists()
    assert world.client_for(world.other_office).get(f"/indicators/definitions/{pw.revenue.pk}/").status_code == 403
    page = world.client_for(world.other_office).get("/indicators/definitions/new/").content.decode()
    assert world.other_department.name in page and world.finance.name not in page
    services.indicator_save(actor=world.committee_office, code=pw.revenue.code, name="Thu ngân sách nhà nước trên địa bàn")


def test_the_entry_grid_keeps_every_typed_value_and_names_every_wrong_one(world: World) -> None:
    plan = indicator_plan(world)
    revenue, poverty = plan.indicators["BUDGET_REVENUE"], plan.indicators["POVERTY_RATE"]
    agri = plan.indicators["STRUCT_AGRI"]
    post = {"unit": world.province.pk, "period": "2020",
            f"value-{revenue.pk}": "mười", f"value-{poverty.pk}": "3,9", f"source-{poverty.pk}": "Cục Thống kê (mẫu)",
            f"value-{agri.pk}": "abc"}
    page = world.client_for(world.officer).post("/indicators/entry/", post).content.decode()
    assert "2 giá trị chưa đúng, chưa lưu số liệu nào" in page
    assert 'value="mười"' in page and 'value="3,9"' in page and 'value="Cục Thống kê (mẫu)"' in page and 'value="abc"' in page
    assert page.count('class="field-error"') == 2
    assert not Actual.objects.filter(period="2020", unit=world.province, indicator__in=[revenue, poverty, agri]).exists()
