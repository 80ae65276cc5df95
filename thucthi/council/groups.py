"""Delegate groups (tổ đại biểu): create and rename a group, and who sits in it over time.

Law on Organisation of Local Government, art. 94: the delegates elected in one or more
constituencies form a delegate group. A delegate belongs to one group at a time; moving to
another group ends the first membership the day before, and nothing is deleted, so the group's
page shows who represented its constituency on any day of the term.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from thucthi.accounts.models import User
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.core.text import fold, normalize
from thucthi.council.access import require_council_record
from thucthi.council.models import Delegate, DelegateGroup, GroupMembership, Term

ONE_DAY = dt.timedelta(days=1)


def _check_name(term: Term, name: str, *, exclude: int | None = None) -> str:
    name = normalize(name)
    if not name:
        raise DomainError("Cần ghi tên tổ đại biểu.", field="name")
    if len(name) > 200:
        raise DomainError("Tên tổ đại biểu dài quá 200 ký tự.", field="name")
    # Names that differ only in diacritics or case would be the same group to a reader.
    taken = DelegateGroup.objects.filter(term=term).exclude(pk=exclude or 0).values_list("name", flat=True)
    if any(fold(other) == fold(name) for other in taken):
        raise DomainError(f"Khóa này đã có tổ đại biểu “{name}”.", field="name")
    return name


@transaction.atomic
def group_create(*, actor: User | None, term: Term, name: str, constituency: str = "", is_sample: bool = False) -> DelegateGroup:
    require_council_record(actor, term)
    Term.objects.select_for_update().get(pk=term.pk)  # two clerks naming the same group: one wins
    group = DelegateGroup.objects.create(
        term=term, name=_check_name(term, name), constituency=normalize(constituency)[:300], is_sample=is_sample,
    )
    audit_record(actor=actor, action="council.group.create", obj=group, after=snapshot(group))
    return group


@transaction.atomic
def group_rename(*, actor: User | None, group: DelegateGroup, name: str, constituency: str) -> DelegateGroup:
    require_council_record(actor, group.term)
    Term.objects.select_for_update().get(pk=group.term_id)
    locked = DelegateGroup.objects.select_for_update().get(pk=group.pk)
    before = snapshot(locked, ["name", "constituency"])
    locked.name = _check_name(locked.term, name, exclude=locked.pk)
    locked.constituency = normalize(constituency)[:300]
    locked.save(update_fields=["name", "constituency"])
    audit_record(actor=actor, action="council.group.rename", obj=locked, before=before, after=snapshot(locked, ["name", "constituency"]))
    return locked


@transaction.atomic
def group_member_add(
    *, actor: User | None, group: DelegateGroup, delegate: Delegate, start: dt.date, is_sample: bool = False,
) -> GroupMembership:
    """Put `delegate` in `group` from `start`. A delegate in another group moves: that membership
    ends the day before."""
    require_council_record(actor, group.term)
    delegate = Delegate.objects.select_for_update().select_related("person").get(pk=delegate.pk)
    if delegate.term_id != group.term_id:
        raise DomainError(f"{delegate} không phải đại biểu của khóa có tổ này.", field="delegate")
    if start < delegate.elected_on:
        raise DomainError(f"Ngày vào tổ ({start:%d/%m/%Y}) trước ngày bắt đầu nhiệm kỳ đại biểu ({delegate.elected_on:%d/%m/%Y}).", field="start")
    if delegate.left_on is not None and start > delegate.left_on:
        raise DomainError(f"{delegate} đã thôi làm đại biểu từ ngày {delegate.left_on:%d/%m/%Y}.", field="start")
    memberships = list(GroupMembership.objects.select_for_update().filter(delegate=delegate).select_related("group").order_by("start", "id"))
    current = next((m for m in memberships if m.end is None), None)
    if current is not None and current.group_id == group.pk:
        raise DomainError(f"{delegate} đã ở {group} từ ngày {current.start:%d/%m/%Y}.", field="delegate")
    if current is not None:
        if current.start >= start:
            raise DomainError(
                f"{delegate} vào {current.group} từ ngày {current.start:%d/%m/%Y}; ngày chuyển sang tổ khác phải sau ngày đó.", field="start")
        before = snapshot(current, ["end"])
        current.end = start - ONE_DAY
        current.save(update_fields=["end"])
        audit_record(actor=actor, action="council.group.member_remove", obj=current, before=before, after=snapshot(current, ["end"]))
    clash = next((m for m in memberships if m is not current and m.end is not None and m.end >= start), None)
    if clash is not None:
        raise DomainError(
            f"{delegate} đã ở {clash.group} đến ngày {clash.end:%d/%m/%Y}; ngày vào tổ phải sau ngày đó.", field="start")
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, delegate=delegate, start=start, is_sample=is_sample)
    except IntegrityError as exc:  # another clerk placed the same delegate a moment ago
        raise DomainError(f"{delegate} vừa được xếp vào một tổ khác; hãy tải lại trang.") from exc
    audit_record(actor=actor, action="council.group.member_add", obj=membership, after=snapshot(membership))
    return membership


@transaction.atomic
def group_member_remove(*, actor: User | None, membership: GroupMembership, end: dt.date) -> GroupMembership:
    """The delegate leaves the group; `end` is their last day in it. The membership is kept."""
    require_council_record(actor, membership.group.term)
    locked = GroupMembership.objects.select_for_update().select_related("delegate__person", "group").get(pk=membership.pk)
    if locked.end is not None:
        raise DomainError(f"{locked.delegate} đã rời {locked.group} từ ngày {locked.end:%d/%m/%Y}.")
    if end < locked.start:
        raise DomainError(f"Ngày rời tổ ({end:%d/%m/%Y}) trước ngày vào tổ ({locked.start:%d/%m/%Y}).", field="end")
    before = snapshot(locked, ["end"])
    locked.end = end
    locked.save(update_fields=["end"])
    audit_record(actor=actor, action="council.group.member_remove", obj=locked, before=before, after=snapshot(locked, ["end"]))
    return locked
