"""The shipped map and the demo, loaded once per test database (it takes a few seconds)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count

from thucthi.accounts.models import User
from thucthi.audit.models import AuditRecord
from thucthi.audit.services import audit_verify
from thucthi.core.errors import DomainError
from thucthi.council import questioning
from thucthi.council.models import Commitment, Resolution, Session, SessionState, VoteEvent
from thucthi.demo import loader
from thucthi.demo.codes import dept_code
from thucthi.demo.text import public_text
from thucthi.indicators.models import Indicator
from thucthi.indicators.services import check_entry
from thucthi.orgs import selectors
from thucthi.orgs.models import Position, Succession, Unit, UnitKind
from thucthi.tasks.models import Task

TODAY = dt.date(2026, 11, 24)
MID_2020 = dt.date(2020, 7, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[loader.DemoResult]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        result = loader.load()
        yield result
        # Leave the test database as other modules expect it: empty.
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_it_ships_todays_34_provinces_and_3321_communes(demo: loader.DemoResult) -> None:
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(TODAY).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).valid_on(TODAY).count() == 3321
    assert Unit.objects.filter(kind=UnitKind.DISTRICT).valid_on(TODAY).count() == 0, "districts were abolished"


def test_it_ships_the_63_provinces_before_july_2025(demo: loader.DemoResult) -> None:
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(dt.date(2025, 6, 30)).count() == 63


def test_it_traces_each_old_province_into_one_of_the_34(demo: loader.DemoResult) -> None:
    old = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to=dt.date(2025, 6, 30))
    assert old.count() == 52
    for province in old:
        holders = selectors.unit_duty_holders(province, on=TODAY)
        assert len(holders) == 1 and holders[0].kind == UnitKind.PROVINCE
    thai_binh = Unit.objects.get(code="P34@old")
    assert [u.name for u in selectors.unit_duty_holders(thai_binh, on=TODAY)] == ["Tỉnh Hưng Yên"]


def test_it_has_hung_yen_and_thai_binh_as_they_were_in_2020(demo: loader.DemoResult) -> None:
    communes_2020 = Unit.objects.filter(kind=UnitKind.COMMUNE, code__endswith="@2020").valid_on(MID_2020)
    by_province = dict(communes_2020.values("parent__parent__code").annotate(n=Count("id")).values_list("parent__parent__code", "n"))
    assert by_province == {"P33@old": 161, "P34@old": 260}
    assert Unit.objects.filter(kind=UnitKind.DISTRICT).valid_on(MID_2020).count() == 18


def test_it_leads_every_2020_commune_to_todays_hung_yen(demo: loader.DemoResult) -> None:
    hung_yen = Unit.objects.get(code="P33")
    for commune in Unit.objects.filter(kind=UnitKind.COMMUNE, code__endswith="@2020"):
        holders = selectors.unit_duty_holders(commune, on=TODAY)
        assert holders, commune.name
        assert all(h.parent_id == hung_yen.pk for h in holders), commune.name
    today = Unit.objects.filter(kind=UnitKind.COMMUNE, parent=hung_yen)
    assert today.count() == 104
    assert all(Succession.objects.filter(successor=c).exists() for c in today)


def test_it_splits_a_commune_between_two_new_ones(demo: loader.DemoResult) -> None:
    split = Succession.objects.filter(kind="split", effective_date=dt.date(2025, 7, 1), successor__kind=UnitKind.COMMUNE)
    predecessor = split.values("predecessor").annotate(n=Count("id")).filter(n=2).order_by("predecessor").first()
    assert predecessor is not None
    old = Unit.objects.get(pk=predecessor["predecessor"])
    assert len(selectors.unit_duty_holders(old, on=TODAY)) == 2


def test_it_passes_a_district_committees_duties_to_the_communes_on_its_land(demo: loader.DemoResult) -> None:
    van_lam = Unit.objects.get(code="UBND:D325")
    holders = {u.name for u in selectors.unit_duty_holders(van_lam, on=TODAY)}
    assert holders and all(name.startswith("Ủy ban nhân dân xã") or name.startswith("Ủy ban nhân dân phường") for name in holders)
    assert selectors.unit_duty_holders(van_lam, on=MID_2020) == [van_lam]


def test_it_follows_the_department_mergers_of_2025(demo: loader.DemoResult) -> None:
    planning = Unit.objects.get(code="DEPT:P33@old:so-ke-hoach-va-dau-tu")
    assert [u.code for u in selectors.unit_duty_holders(planning, on=TODAY)] == ["DEPT:P33:so-tai-chinh"]
    assert [u.code for u in selectors.unit_duty_holders(planning, on=MID_2020)] == [planning.code]


def test_it_finds_hung_yen_typed_without_diacritics_first(demo: loader.DemoResult) -> None:
    first = selectors.unit_list(q="hung yen", valid_on=TODAY).first()
    assert first is not None and first.code == "P33"
    assert selectors.unit_list(q="dau tu").filter(code="DEPT:P33@old:so-ke-hoach-va-dau-tu").exists()


def test_it_loads_the_seeds_session_with_its_13_resolutions(demo: loader.DemoResult) -> None:
    session = Session.objects.select_related("term__council").get(term__council__code="HDND:P33@old")
    assert (session.number, session.term.number, session.days) == (12, 16, 2)
    assert session.term.council.code == "HDND:P33@old"
    assert session.resolutions.count() == 13
    plan = Resolution.objects.get(number="12/2016/NQ-HĐND")
    assert plan.legal_normative and not plan.is_sample and plan.adopted_on == dt.date(2016, 7, 7)
    assert all(r.is_sample == r.number.startswith("MẪU-") for r in Resolution.objects.all())


def test_the_demo_delegate_sits_on_the_current_term_and_may_register_a_question(demo: loader.DemoResult) -> None:
    """Issue 10: the demo login "daibieu" was no delegate of any term, so it could not ask."""
    upcoming = demo.current_session
    assert upcoming is not None and upcoming.dates_are_sample and upcoming.state == SessionState.PLANNED
    assert upcoming.start > TODAY and upcoming.term.council.code == "HDND:P33" and upcoming.term.start_year == 2026
    user = User.objects.get(username="daibieu")
    delegate = upcoming.term.delegates.get(person=user.person)
    assert delegate.is_sample
    question = questioning.question_submit(
        actor=user, session=upcoming, respondent_title="Giám đốc Sở Tài chính", respondent_name="Giám đốc Sở Tài chính (mẫu)",
        respondent_unit=Unit.objects.get(code=dept_code("P33", "Sở Tài chính")),
        text="Giải pháp nâng tỷ lệ giải ngân vốn đầu tư công các tháng cuối năm là gì?",
    )
    assert question.asker == delegate


def test_it_names_the_chair_the_seed_names(demo: loader.DemoResult) -> None:
    chair = Position.objects.get(person__full_name="Trần Quốc Toản", title="Chủ tịch HĐND tỉnh")
    assert chair.unit.code == "HDND:P33@old"
    assert chair.is_held_on(MID_2020)


def test_it_creates_one_demo_login_per_role(demo: loader.DemoResult) -> None:
    assert {login.role.value for login in demo.logins} == {
        "admin", "council_office", "committee_office", "unit_officer", "unit_head", "delegate",
    }
    assert loader.credentials_file().read_text().count("\n") == 6


def test_it_changes_nothing_when_loaded_twice(demo: loader.DemoResult) -> None:
    counts = (Unit.objects.count(), Succession.objects.count(), Position.objects.count(), Resolution.objects.count(), AuditRecord.objects.count())
    again = loader.load()
    assert again.reference.skipped
    assert (Unit.objects.count(), Succession.objects.count(), Position.objects.count(), Resolution.objects.count(), AuditRecord.objects.count()) == counts
    assert [(d.username, d.password) for d in again.logins] == [(d.username, d.password) for d in demo.logins]
    assert audit_verify().ok


def test_it_reports_reference_units_unchanged_when_already_loaded(demo: loader.DemoResult, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("reference", "load")
    assert "không đổi" in capsys.readouterr().out


def test_it_loads_the_seeds_tasks_and_the_questioning_commitments_together(demo: loader.DemoResult) -> None:
    # The seed's "Một là" … "Năm là", each a (sample) clause of Điều 1 of the session's first resolution.
    by_ref = {ref: Task.objects.filter(source_ref=ref).count() for ref in [f"Điều 1, khoản {n}" for n in range(1, 6)]}
    assert all(n >= 2 for n in by_ref.values()), by_ref
    first = Resolution.objects.get(number="MẪU-01/NQ-HĐND")
    assert first.articles.count() == 9 and all(a.is_sample for a in first.articles.all())
    assert Commitment.objects.filter(task__isnull=False).count() == 3
    assert VoteEvent.objects.filter(passed=True).count() == 13
    assert all(v.yes * 2 > v.total_delegates for v in VoteEvent.objects.all())


# What the demo must never show users: a path on the machine that built it, the research notes'
# source ids ("(S1)", "(P8, thật)") and their working words.
INTERNAL = re.compile(r"file:|/work/|\([^()]*\b[SP]\d{1,2}\b|chỉ để demo|chạy demo|bản lưu|\bbrief\b", re.IGNORECASE)


def test_the_demo_shows_users_no_server_path_and_no_working_note(demo: loader.DemoResult) -> None:
    leaks = []
    for model in apps.get_models():
        if model._meta.app_label in {"audit", "sessions", "contenttypes", "auth"}:
            continue  # the audit trail keeps what was written, as written; the rest is Django's own
        fields = [f.name for f in model._meta.get_fields() if getattr(f, "get_internal_type", lambda: "")() in ("CharField", "TextField")]
        for row in model._default_manager.values("pk", *fields):
            leaks += [f"{model._meta.label}.{name} #{row['pk']}: {row[name][:80]}" for name in fields
                      if isinstance(row[name], str) and INTERNAL.search(row[name])]
    assert leaks == [], "\n".join(leaks)


def test_the_remedies_tasks_are_labelled_sample(demo: loader.DemoResult) -> None:
    remedy_tasks = Task.objects.filter(source_type__model="remedy")
    assert remedy_tasks.exists() and not remedy_tasks.filter(is_sample=False).exists()


def test_the_demo_keeps_what_a_citation_says_and_drops_its_source_ids() -> None:
    assert public_text("Phấn đấu đưa tỷ lệ hộ nghèo xuống dưới 1% (đề nghị của Thủ tướng, P7).") == \
        "Phấn đấu đưa tỷ lệ hộ nghèo xuống dưới 1% (đề nghị của Thủ tướng)."
    assert public_text("Bình quân 8,28%/năm (S16) → vượt mục tiêu – chỉ để demo.") == "Bình quân 8,28%/năm → vượt mục tiêu."


def test_the_demo_indicators_refuse_values_that_cannot_be_true(demo: loader.DemoResult) -> None:
    """Issue 10: the grid saved a GRDP per head of −5 million VND; a growth rate may be negative."""
    hung_yen = Unit.objects.get(code="P33")
    with pytest.raises(DomainError, match="nhỏ hơn mức tối thiểu"):
        check_entry(Indicator.objects.get(code="GRDP_PER_CAPITA"), hung_yen, "2026", Decimal("-5"))
    with pytest.raises(DomainError, match="nhỏ hơn mức tối thiểu"):
        check_entry(Indicator.objects.get(code="PCI_RANK"), hung_yen, "2026", Decimal("0"))
    assert check_entry(Indicator.objects.get(code="GRDP_GROWTH"), hung_yen, "2026", Decimal("-1.5")) == []


def test_the_demo_cites_foreign_language_sources_by_their_vietnamese_title(demo: loader.DemoResult) -> None:
    """Issue 10: indicator pages showed a French and an English source line."""
    foreign = re.compile(r"prend des mesures|Prime Minister|Economic picture")
    cited = []
    for model in apps.get_models():
        if model._meta.app_label == "audit" or "source" not in {f.name for f in model._meta.get_fields()}:
            continue
        field = model._meta.get_field("source")
        if field.get_internal_type() in ("CharField", "TextField"):
            cited += [s for s in model._default_manager.values_list("source", flat=True) if foreign.search(s or "")]
    assert cited == []
    assert any("Thủ tướng Nguyễn Xuân Phúc làm việc" in (s or "") for m in apps.get_models() if m._meta.label == "indicators.Actual"
               for s in m._default_manager.values_list("source", flat=True))


def test_a_sample_resolution_says_mau_once_by_its_badge_not_again_in_its_title(demo: loader.DemoResult) -> None:
    """Walked in the browser: demo resolutions showed "(mẫu)" in the title and the "mẫu" badge beside it."""
    samples = Resolution.objects.filter(is_sample=True)
    assert samples.exists() and not [r.title for r in samples if r.title.endswith("(mẫu)")]
