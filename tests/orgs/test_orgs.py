from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import MERGER, World
from thucthi.accounts.policy import PermissionDenied
from thucthi.core.errors import DomainError
from thucthi.orgs import selectors
from thucthi.orgs.models import Succession, SuccessionKind, Unit, UnitKind
from thucthi.orgs.services import succession_record, unit_create, unit_update_contact


def test_it_hands_duties_to_the_unit_that_absorbed_a_merged_one(world: World) -> None:
    assert selectors.unit_duty_holders(world.planning, on=MERGER - dt.timedelta(days=1)) == [world.planning]
    assert selectors.unit_duty_holders(world.planning, on=MERGER) == [world.finance]


def test_it_follows_several_reorganisations_in_a_row(world: World) -> None:
    later = dt.date(2025, 7, 1)
    new_finance = unit_create(actor=world.admin, code="DEPT:P99:tc-moi", kind=UnitKind.DEPARTMENT, name="Sở Tài chính (mới)",
                              parent=world.committee, valid_from=later)
    succession_record(actor=world.admin, predecessors=[world.finance], successors=[new_finance], kind=SuccessionKind.MERGE,
                      effective_date=later, legal_basis="Nghị quyết số 202/2025/QH15")
    assert selectors.unit_duty_holders(world.planning, on=dt.date(2026, 1, 1)) == [new_finance]
    world.finance.refresh_from_db()
    assert world.finance.valid_to == dt.date(2025, 6, 30), "the predecessor stops being in force, it is not deleted"
    lineage = selectors.unit_lineage(new_finance)
    assert [(s.unit.code, s.depth) for s in lineage.predecessors] == [("DEPT:P99:tc", 1), ("DEPT:P99:khdt", 2)]


def test_it_lists_every_successor_of_a_split(world: World) -> None:
    day = dt.date(2025, 7, 1)
    a = unit_create(actor=None, code="X1", kind=UnitKind.COMMUNE, name="Xã Một", parent=world.province, valid_from=day)
    b = unit_create(actor=None, code="X2", kind=UnitKind.COMMUNE, name="Xã Hai", parent=world.province, valid_from=day)
    old = unit_create(actor=None, code="X0", kind=UnitKind.COMMUNE, name="Xã Cũ", parent=world.province)
    succession_record(actor=None, predecessors=[old], successors=[a, b], kind=SuccessionKind.SPLIT, effective_date=day,
                      legal_basis="Nghị quyết số 1666/NQ-UBTVQH15")
    assert {u.code for u in selectors.unit_duty_holders(old, on=day)} == {"X1", "X2"}


def test_it_refuses_a_succession_without_legal_basis(world: World) -> None:
    with pytest.raises(DomainError, match="căn cứ pháp lý"):
        succession_record(actor=world.admin, predecessors=[world.health], successors=[world.finance],
                          kind=SuccessionKind.MERGE, effective_date=dt.date(2026, 1, 1), legal_basis=" ")
    assert not Succession.objects.filter(predecessor=world.health).exists()
    world.health.refresh_from_db()
    assert world.health.valid_to is None


def test_it_refuses_a_merge_into_a_unit_not_yet_in_force(world: World) -> None:
    future = unit_create(actor=None, code="F", kind=UnitKind.DEPARTMENT, name="Sở Tương Lai", valid_from=dt.date(2030, 1, 1))
    with pytest.raises(DomainError, match="chưa có hiệu lực"):
        succession_record(actor=None, predecessors=[world.health], successors=[future], kind=SuccessionKind.MERGE,
                          effective_date=dt.date(2026, 1, 1), legal_basis="Quyết định số 1/QĐ-UBND")


def test_it_lets_a_head_edit_their_own_units_contact_but_not_another(world: World) -> None:
    unit_update_contact(actor=world.head, unit=world.finance, email="stc@hungyen.gov.vn")
    with pytest.raises(PermissionDenied):
        unit_update_contact(actor=world.other_head, unit=world.finance, email="x@example.com")
    with pytest.raises(PermissionDenied):
        unit_update_contact(actor=world.officer, unit=world.finance, email="x@example.com")
    world.finance.refresh_from_db()
    assert world.finance.email == "stc@hungyen.gov.vn"


def test_it_refuses_fields_outside_contact_details(world: World) -> None:
    with pytest.raises(DomainError):
        unit_update_contact(actor=world.admin, unit=world.finance, name="Sở khác")


def test_it_finds_units_without_diacritics_and_by_abbreviation(world: World) -> None:
    assert [u.code for u in selectors.unit_list(q="so ke hoach dau tu")] == ["DEPT:P99:khdt"]
    assert [u.code for u in selectors.unit_list(q="KH&ĐT")] == ["DEPT:P99:khdt"]
    assert [u.code for u in selectors.unit_list(q="Sở Kế Hoạch")] == ["DEPT:P99:khdt"]
    assert "UBND:P99" in [u.code for u in selectors.unit_list(q="ubnd thu nghiem")]
    assert list(selectors.unit_list(q="dau tu", valid_on=MERGER)) == []


def test_it_matches_words_from_their_start(world: World) -> None:
    assert list(selectors.unit_list(q="ai chinh")) == [], "'ai' is inside 'tài', not the start of a word"
    assert [u.code for u in selectors.unit_list(q="tai ch")] == ["DEPT:P99:tc"]


def test_it_puts_the_exact_name_first_then_orders_alphabetically(world: World) -> None:
    codes = [u.code for u in selectors.unit_list(q="thu nghiem")]
    assert codes[0] == "P99"
    departments = [u.short_name for u in selectors.unit_list(kind=[UnitKind.DEPARTMENT])]
    assert departments == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Y tế"]


def test_it_filters_by_validity_date(world: World) -> None:
    codes = {u.code for u in selectors.unit_list(kind=[UnitKind.DEPARTMENT], valid_on=MERGER)}
    assert codes == {"DEPT:P99:tc", "DEPT:P99:yt"}
    assert Unit.objects.valid_on(MERGER - dt.timedelta(days=1)).filter(code="DEPT:P99:khdt").exists()


def test_it_lists_and_counts_only_the_provinces_in_force_on_a_day(world: World) -> None:
    day = dt.date(2026, 3, 2)
    closed = Unit.objects.create(code="P:CLOSED", kind=UnitKind.PROVINCE, name="Tỉnh Đã Hợp Nhất", valid_to=dt.date(2025, 6, 30))
    listed = list(selectors.provinces(on=day))
    assert world.province in listed and closed not in listed
    assert [u.sort_key for u in listed] == sorted(u.sort_key for u in listed)
    assert selectors.unit_count(kind=UnitKind.PROVINCE, on=day) == len(listed)
    assert closed in selectors.provinces(on=dt.date(2025, 1, 1))
    person = world.head.person
    assert person is not None and selectors.person_get(person.pk) == person
    assert selectors.person_get(10**9) is None


def test_a_search_with_no_result_says_so(world: World) -> None:
    page = world.client_for(None).get("/units/?q=khong+co+don+vi+nay").content.decode()
    assert "Không tìm thấy đơn vị nào." in page and "0 kết quả" in page
