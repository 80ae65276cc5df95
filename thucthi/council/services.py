"""Writes on terms, sessions and resolutions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.council.models import RESOLUTION_NUMBER, Resolution, Session, SessionKind, Term
from thucthi.orgs.models import Unit, UnitKind


def parse_resolution_number(number: str) -> tuple[int, int | None]:
    """"12/2016/NQ-HĐND" → (12, 2016); "45/NQ-HĐND" → (45, None)."""
    match = RESOLUTION_NUMBER.match(number.strip())
    if match is None:
        raise DomainError(
            f"Số nghị quyết “{number}” không đúng mẫu: NN/YYYY/NQ-HĐND (văn bản quy phạm pháp luật) hoặc NN/NQ-HĐND.",
            field="number",
        )
    year = match.group("year")
    return int(match.group("seq")), int(year) if year else None


@transaction.atomic
def term_create(
    *, actor: User | None, council: Unit, number: int, start_year: int, end_year: int,
    start: dt.date | None = None, end: dt.date | None = None, delegates_total: int | None = None,
    source: str = "", note: str = "",
) -> Term:
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    if council.kind != UnitKind.PEOPLES_COUNCIL:
        raise DomainError("Khóa phải thuộc một Hội đồng nhân dân.", field="council")
    if end_year < start_year:
        raise DomainError("Năm kết thúc khóa trước năm bắt đầu.", field="end_year")
    if Term.objects.filter(council=council, number=number).exists():
        raise DomainError(f"{council} đã có khóa {number}.", field="number")
    term = Term.objects.create(
        council=council, number=number, start_year=start_year, end_year=end_year, start=start, end=end,
        delegates_total=delegates_total, source=source, note=note,
    )
    audit_record(actor=actor, action="council.term.create", obj=term, after=snapshot(term))
    return term


@transaction.atomic
def session_create(
    *, actor: User | None, term: Term, number: int, start: dt.date, end: dt.date,
    kind: SessionKind = SessionKind.REGULAR, place: str = "", summary: str = "",
    dates_are_sample: bool = False, source: str = "",
) -> Session:
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    if end < start:
        raise DomainError("Ngày bế mạc trước ngày khai mạc.", field="end")
    if Session.objects.filter(term=term, number=number).exists():
        raise DomainError(f"Khóa này đã có kỳ họp thứ {number}.", field="number")
    session = Session.objects.create(
        term=term, number=number, start=start, end=end, kind=kind, place=place, summary=summary,
        dates_are_sample=dates_are_sample, source=source,
    )
    audit_record(actor=actor, action="council.session.create", obj=session, after=snapshot(session))
    return session


@transaction.atomic
def resolution_create(
    *, actor: User | None, council: Unit, number: str, adopted_on: dt.date, title: str,
    session: Session | None = None, is_sample: bool = False, source: str = "",
) -> Resolution:
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    number = number.strip()
    if is_sample and number.startswith("MẪU-"):
        # Sample numbers are marked so they can never pass for a real resolution.
        _, year = parse_resolution_number(number.removeprefix("MẪU-"))
    else:
        _, year = parse_resolution_number(number)
    if year is not None and year != adopted_on.year:
        raise DomainError(f"Năm trong số nghị quyết ({year}) khác năm thông qua ({adopted_on.year}).", field="number")
    if not title.strip():
        raise DomainError("Cần nhập trích yếu nghị quyết.", field="title")
    if Resolution.objects.filter(council=council, year=adopted_on.year, number=number).exists():
        raise DomainError(f"Số nghị quyết {number} đã được dùng trong năm {adopted_on.year}.", field="number")
    resolution = Resolution.objects.create(
        council=council, session=session, number=number, year=adopted_on.year, legal_normative=year is not None,
        adopted_on=adopted_on, title=title.strip(), is_sample=is_sample, source=source,
    )
    audit_record(actor=actor, action="council.resolution.create", obj=resolution, after=snapshot(resolution))
    return resolution
