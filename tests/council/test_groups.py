"""Delegate groups (tổ đại biểu): who sits in which group, when, and who may change it."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World, make_user
from thucthi.accounts.models import Role
from thucthi.accounts.policy import PermissionDenied
from thucthi.audit.models import AuditRecord
from thucthi.core.errors import DomainError
from thucthi.council.groups import group_create, group_member_add, group_member_remove, group_rename
from thucthi.council.models import Delegate, DelegateGroup, GroupMembership, Term
from thucthi.council.selectors import delegates_without_group, group_of, groups_of_term
from thucthi.council.services import delegate_add, session_create, term_create
from thucthi.orgs.loader import UnitSpec, units_load
from thucthi.orgs.models import Person, Unit, UnitKind

ELECTED = dt.date(2026, 3, 15)


@pytest.fixture
def term(world: World) -> Term:
    return term_create(actor=None, council=world.council, number=17, start_year=2026, end_year=2031,
                       start=ELECTED, end=dt.date(2031, 3, 14))


@pytest.fixture
def delegates(term: Term) -> list[Delegate]:
    return [delegate_add(actor=None, term=term, person=Person.objects.create(full_name=f"Đại biểu {i:02d}"), elected_on=ELECTED)
            for i in range(4)]


def test_it_creates_and_renames_a_group_and_refuses_the_same_name_twice(world: World, term: Term) -> None:
    group = group_create(actor=world.council_office, term=term, name="  Tổ đại biểu   huyện Văn Lâm ", constituency="Đơn vị bầu cử số 1")
    assert group.name == "Tổ đại biểu huyện Văn Lâm"
    with pytest.raises(DomainError, match="đã có tổ đại biểu"):
        group_create(actor=world.council_office, term=term, name="to dai bieu huyen van lam")  # same name without diacritics
    group_rename(actor=world.council_office, group=group, name="Tổ đại biểu số 1", constituency="Văn Lâm, Mỹ Hào")
    group.refresh_from_db()
    assert (group.name, group.constituency) == ("Tổ đại biểu số 1", "Văn Lâm, Mỹ Hào")
    rename = AuditRecord.objects.get(action="council.group.rename")
    assert rename.before == {"name": "Tổ đại biểu huyện Văn Lâm", "constituency": "Đơn vị bầu cử số 1"}
    assert rename.after is not None and rename.after["name"] == "Tổ đại biểu số 1"
    with pytest.raises(DomainError, match="Cần ghi tên"):
        group_rename(actor=world.council_office, group=group, name="  ", constituency="")


def test_a_delegate_who_moves_keeps_the_history_of_both_groups(world: World, term: Term, delegates: list[Delegate]) -> None:
    first = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    second = group_create(actor=None, term=term, name="Tổ đại biểu số 2")
    moved = delegates[0]
    group_member_add(actor=world.council_office, group=first, delegate=moved, start=ELECTED)
    # The 2025-style regrouping: from 1/7 the delegate represents another constituency.
    group_member_add(actor=world.council_office, group=second, delegate=moved, start=dt.date(2027, 7, 1))
    old, new = GroupMembership.objects.filter(delegate=moved).order_by("start")
    assert (old.group, old.start, old.end) == (first, ELECTED, dt.date(2027, 6, 30))
    assert (new.group, new.end) == (second, None)
    assert group_of(moved, day=dt.date(2027, 6, 30)) == old and group_of(moved, day=dt.date(2027, 7, 1)) == new
    before, after = (groups_of_term(term, day=d) for d in (dt.date(2027, 1, 1), dt.date(2028, 1, 1)))
    assert [len(v.current) for v in before] == [1, 0] and [len(v.current) for v in after] == [0, 1]
    assert [m.delegate for m in after[0].past] == [moved], "the first group still shows who sat in it"
    assert moved not in delegates_without_group(term, day=dt.date(2028, 1, 1))
    assert set(delegates_without_group(term, day=dt.date(2028, 1, 1))) == set(delegates[1:])


def test_it_refuses_a_membership_outside_the_mandate_or_over_another(world: World, term: Term, delegates: list[Delegate]) -> None:
    group = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    other = group_create(actor=None, term=term, name="Tổ đại biểu số 2")
    with pytest.raises(DomainError, match="trước ngày bắt đầu nhiệm kỳ"):
        group_member_add(actor=None, group=group, delegate=delegates[0], start=ELECTED - dt.timedelta(days=1))
    Delegate.objects.filter(pk=delegates[1].pk).update(left_on=dt.date(2027, 1, 1), left_reason="Chuyển công tác")
    with pytest.raises(DomainError, match="đã thôi làm đại biểu"):
        group_member_add(actor=None, group=group, delegate=delegates[1], start=dt.date(2027, 2, 1))
    group_member_add(actor=None, group=group, delegate=delegates[2], start=dt.date(2027, 1, 1))
    with pytest.raises(DomainError, match="đã ở Tổ đại biểu số 1"):
        group_member_add(actor=None, group=group, delegate=delegates[2], start=dt.date(2027, 3, 1))
    with pytest.raises(DomainError, match="phải sau ngày đó"):
        group_member_add(actor=None, group=other, delegate=delegates[2], start=dt.date(2026, 12, 1))
    assert GroupMembership.objects.get(delegate=delegates[2]).end is None, "a refused move changes nothing"
    elsewhere = term_create(actor=None, council=world.council, number=18, start_year=2031, end_year=2036)
    stranger = delegate_add(actor=None, term=elsewhere, person=delegates[3].person, elected_on=dt.date(2031, 5, 1))
    with pytest.raises(DomainError, match="không phải đại biểu của khóa"):
        group_member_add(actor=None, group=group, delegate=stranger, start=dt.date(2031, 5, 1))


def test_a_delegate_leaves_a_group_and_the_membership_is_kept(world: World, term: Term, delegates: list[Delegate]) -> None:
    group = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    membership = group_member_add(actor=None, group=group, delegate=delegates[0], start=dt.date(2026, 4, 1))
    with pytest.raises(DomainError, match="trước ngày vào tổ"):
        group_member_remove(actor=world.council_office, membership=membership, end=dt.date(2026, 3, 31))
    group_member_remove(actor=world.council_office, membership=membership, end=dt.date(2026, 12, 31))
    with pytest.raises(DomainError, match="đã rời"):
        group_member_remove(actor=world.council_office, membership=membership, end=dt.date(2027, 1, 31))
    membership.refresh_from_db()
    assert membership.end == dt.date(2026, 12, 31) and GroupMembership.objects.count() == 1
    assert group_of(delegates[0], day=dt.date(2027, 1, 1)) is None
    # Back in the same group later: a second membership, the first one untouched.
    group_member_add(actor=None, group=group, delegate=delegates[0], start=dt.date(2027, 6, 1))
    assert GroupMembership.objects.filter(delegate=delegates[0]).count() == 2
    removal = AuditRecord.objects.filter(action="council.group.member_remove").get()
    assert removal.before == {"end": None} and removal.after == {"end": "2026-12-31"}


def test_delegate_add_with_a_group_starts_the_membership_on_election_day(world: World, term: Term) -> None:
    group = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    delegate = delegate_add(actor=None, term=term, person=Person.objects.create(full_name="Đại biểu mới"), elected_on=ELECTED, group=group)
    assert GroupMembership.objects.get(delegate=delegate).start == ELECTED


def test_only_the_secretariat_of_that_council_manages_its_groups(world: World, term: Term, delegates: list[Delegate]) -> None:
    group = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    for user in (world.delegate, world.committee_office, world.head, world.officer):
        with pytest.raises(PermissionDenied):
            group_create(actor=user, term=term, name="Tổ khác")
        with pytest.raises(PermissionDenied):
            group_member_add(actor=user, group=group, delegate=delegates[0], start=ELECTED)
    units_load(actor=None, dataset="test-other-province", units=[
        UnitSpec(code="P98", kind=UnitKind.PROVINCE, name="Tỉnh Bên Cạnh", short_name="Bên Cạnh", division_type="tỉnh", gso_code="98"),
        UnitSpec(code="HDND:P98", kind=UnitKind.PEOPLES_COUNCIL, name="Hội đồng nhân dân tỉnh Bên Cạnh", short_name="HĐND tỉnh Bên Cạnh", parent="P98"),
    ], links=[])
    neighbour = make_user("ngoc", Role.COUNCIL_OFFICE, Unit.objects.get(code="HDND:P98"))
    with pytest.raises(PermissionDenied, match="Hội đồng nhân dân mà mình tham mưu"):
        group_rename(actor=neighbour, group=group, name="Tổ đổi tên", constituency="")
    assert DelegateGroup.objects.get().name == "Tổ đại biểu số 1"
    group_member_add(actor=world.admin, group=group, delegate=delegates[0], start=ELECTED)


def test_the_groups_page_is_public_and_the_secretariat_changes_groups_on_it(world: World, term: Term, delegates: list[Delegate]) -> None:
    office = world.client_for(world.council_office)
    url = f"/terms/{term.pk}/groups/"
    created = office.post(f"{url}act/create/", {"group-name": "Tổ đại biểu thành phố Hưng Yên", "group-constituency": "Đơn vị bầu cử số 1"}, follow=True)
    assert "Đã lập Tổ đại biểu thành phố Hưng Yên." in created.content.decode()
    group = DelegateGroup.objects.get()
    duplicate = office.post(f"{url}act/create/", {"group-name": "To dai bieu thanh pho Hung Yen"}, follow=True)
    assert "Khóa này đã có tổ đại biểu" in duplicate.content.decode() and DelegateGroup.objects.count() == 1
    added = office.post(f"{url}act/add/", {"group": group.pk, f"add{group.pk}-delegate": delegates[1].pk, f"add{group.pk}-start": "15/03/2026"},
                        follow=True)
    assert "Đã thêm Đại biểu 01 vào Tổ đại biểu thành phố Hưng Yên từ ngày 15/03/2026." in added.content.decode()
    bad_date = office.post(f"{url}act/add/", {"group": group.pk, f"add{group.pk}-delegate": delegates[2].pk, f"add{group.pk}-start": "31/02/2026"},
                           follow=True)
    assert "Ngày không hợp lệ" in bad_date.content.decode()

    public = world.client_for(None).get(url).content.decode()
    assert "Tổ đại biểu thành phố Hưng Yên" in public and "Đại biểu 01" in public and "Đơn vị bầu cử số 1" in public
    assert "Lập tổ đại biểu" not in public and "Rời tổ" not in public
    assert "Đại biểu chưa thuộc tổ nào" in public
    assert "Lập tổ đại biểu" in office.get(url).content.decode()
    delegate_page = world.client_for(None).get(f"/delegates/{delegates[1].pk}/").content.decode()
    assert "Tổ đại biểu thành phố Hưng Yên" in delegate_page

    membership = GroupMembership.objects.get()
    left = office.post(f"{url}act/remove/", {"membership": membership.pk, f"leave{membership.pk}-end": "31/12/2026"}, follow=True)
    assert "rời Tổ đại biểu thành phố Hưng Yên sau ngày 31/12/2026" in left.content.decode()
    assert GroupMembership.objects.get().end == dt.date(2026, 12, 31)
    renamed = office.post(f"{url}act/rename/", {"group": group.pk, f"rename{group.pk}-name": "Tổ đại biểu số 1",
                                                f"rename{group.pk}-constituency": ""}, follow=True)
    assert "Đã đổi tên tổ thành “Tổ đại biểu số 1”." in renamed.content.decode()
    assert world.client_for(world.delegate).post(f"{url}act/create/", {"group-name": "Tổ lạ"}).status_code == 403
    assert world.client_for(None).get("/terms/999999/groups/").status_code == 404


def test_the_session_page_lists_the_groups_on_its_first_day(world: World, term: Term, delegates: list[Delegate]) -> None:
    session = session_create(actor=None, term=term, number=1, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 2))
    group = group_create(actor=None, term=term, name="Tổ đại biểu huyện Ân Thi", constituency="Huyện Ân Thi")
    group_member_add(actor=None, group=group, delegate=delegates[3], start=ELECTED)
    group_member_add(actor=None, group=group, delegate=delegates[2], start=dt.date(2026, 7, 1))  # after the session
    page = world.client_for(None).get(f"/sessions/{session.pk}/").content.decode()
    assert "Tổ đại biểu huyện Ân Thi</strong> (Huyện Ân Thi)" in page
    assert "Đại biểu 03" in page and "Đại biểu 02" not in page
    assert f"/terms/{term.pk}/groups/" in page


def test_open_data_memberships_name_the_latest_group(world: World, term: Term, delegates: list[Delegate]) -> None:
    first = group_create(actor=None, term=term, name="Tổ đại biểu số 1")
    second = group_create(actor=None, term=term, name="Tổ đại biểu số 2")
    group_member_add(actor=None, group=first, delegate=delegates[0], start=ELECTED)
    group_member_add(actor=None, group=second, delegate=delegates[0], start=dt.date(2027, 1, 1))
    rows = {r["id"]: r for r in world.client_for(None).get("/opendata/memberships.json").json()}
    assert rows[f"membership/{delegates[0].pk}"]["group"] == "Tổ đại biểu số 2"
    assert rows[f"membership/{delegates[1].pk}"]["group"] == ""


def test_the_groups_page_prints_the_terms_years_as_years(world: World, term: Term) -> None:
    page = world.client_for(None).get(f"/terms/{term.pk}/groups/").content.decode()
    assert f"({term.start_year}–{term.end_year})" in page and "2.0" not in page
