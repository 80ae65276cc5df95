"""Writes on terms, sessions and resolutions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.audit.services import audit_record, save_audited, snapshot
from thucthi.core.errors import DomainError
from thucthi.council.access import require_council_record
from thucthi.council.groups import group_member_add
from thucthi.council.models import (
    RESOLUTION_NUMBER,
    Attendance,
    Delegate,
    DelegateGroup,
    Resolution,
    Session,
    SessionKind,
    SessionState,
    Sitting,
    Term,
    Vote,
    VoteChoice,
    VoteEvent,
    VoteMethod,
)
from thucthi.council.selectors import delegates_in_office
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.orgs.selectors import persons_named
from thucthi.orgs.services import person_create


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
    require_council_record(actor, council)
    if council.kind != UnitKind.PEOPLES_COUNCIL:
        raise DomainError("Khóa phải thuộc một Hội đồng nhân dân.", field="council")
    if end_year < start_year:
        raise DomainError("Năm kết thúc khóa trước năm bắt đầu.", field="end_year")
    Unit.objects.select_for_update().get(pk=council.pk)  # two clerks adding the same term: one wins
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
    require_council_record(actor, term)
    if end < start:
        raise DomainError("Ngày bế mạc trước ngày khai mạc.", field="end")
    Term.objects.select_for_update().get(pk=term.pk)
    if Session.objects.filter(term=term, number=number).exists():
        raise DomainError(f"Khóa này đã có kỳ họp thứ {number}.", field="number")
    session = Session.objects.create(
        term=term, number=number, start=start, end=end, kind=kind, place=place, summary=summary,
        dates_are_sample=dates_are_sample, source=source, state=SessionState.PLANNED,
    )
    audit_record(actor=actor, action="council.session.create", obj=session, before=None, after=snapshot(session))
    return session


@transaction.atomic
def resolution_create(
    *, actor: User | None, council: Unit, number: str, adopted_on: dt.date, title: str,
    session: Session | None = None, is_sample: bool = False, source: str = "",
) -> Resolution:
    require_council_record(actor, council)
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
    Unit.objects.select_for_update().get(pk=council.pk)  # numbers run per council and year: one clerk takes each
    if Resolution.objects.filter(council=council, year=adopted_on.year, number=number).exists():
        raise DomainError(f"Số nghị quyết {number} đã được dùng trong năm {adopted_on.year}.", field="number")
    resolution = Resolution.objects.create(
        council=council, session=session, number=number, year=adopted_on.year, legal_normative=year is not None,
        adopted_on=adopted_on, title=title.strip(), is_sample=is_sample, source=source,
    )
    audit_record(actor=actor, action="council.resolution.create", obj=resolution, after=snapshot(resolution))
    return resolution


# --- Delegates, sessions and votes ----------------------------------------------------------


@transaction.atomic
def delegate_add(
    *, actor: User | None, term: Term, person: Person, elected_on: dt.date, group: DelegateGroup | None = None,
    is_sample: bool = False,
) -> Delegate:
    require_council_record(actor, term)
    Term.objects.select_for_update().get(pk=term.pk)
    if Delegate.objects.filter(term=term, person=person).exists():
        raise DomainError(f"{person} đã là đại biểu khóa này.", field="person")
    delegate = Delegate.objects.create(term=term, person=person, elected_on=elected_on, is_sample=is_sample)
    audit_record(actor=actor, action="council.delegate.add", obj=delegate, after=snapshot(delegate))
    if group is not None:
        group_member_add(actor=actor, group=group, delegate=delegate, start=elected_on, is_sample=is_sample)
    return delegate


def council_size(term: Term, day: dt.date) -> int:
    """All delegates of the council on `day`: the base of the passing rule. Where the
    delegates are not recorded one by one, the term's declared total is used."""
    recorded = Delegate.objects.filter(term=term).exists()
    if recorded:
        return len(delegates_in_office(term, day))
    if term.delegates_total:
        return term.delegates_total
    raise DomainError("Chưa có danh sách đại biểu hoặc tổng số đại biểu của khóa; chưa tính được kết quả biểu quyết.")


# planned → open → closed. A closed session opens again only through `session_reopen`, with a
# reason on the record (a vote recorded wrongly, a sitting added after the closing).
TRANSITIONS: dict[str, dict[str, str]] = {
    SessionState.PLANNED: {"open": SessionState.OPEN},
    SessionState.OPEN: {"close": SessionState.CLOSED},
    SessionState.CLOSED: {"reopen": SessionState.OPEN},
}
REFUSALS = {
    (SessionState.PLANNED, SessionState.CLOSED): "Kỳ họp chưa khai mạc nên chưa bế mạc được.",
    (SessionState.OPEN, SessionState.OPEN): "Kỳ họp đang họp.",
    (SessionState.CLOSED, SessionState.CLOSED): "Kỳ họp đã bế mạc.",
    (SessionState.CLOSED, SessionState.OPEN): "Kỳ họp đã bế mạc: muốn họp tiếp phải mở lại kỳ họp và ghi rõ lý do.",
}


def session_actions(session: Session) -> list[str]:
    """The transitions a session allows now: "open", "close" or "reopen"."""
    return list(TRANSITIONS.get(session.state, {}))


def _transition(*, actor: User | None, session: Session, to: SessionState, action: str, reason: str = "") -> Session:
    require_council_record(actor, session.term)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if TRANSITIONS.get(locked.state, {}).get(action) != to:
        raise DomainError(REFUSALS.get((SessionState(locked.state), to), "Không chuyển được kỳ họp sang trạng thái này."))
    before = snapshot(locked, ["state"])
    locked.state = to
    locked.save(update_fields=["state"])
    after = snapshot(locked, ["state"]) | ({"reason": reason} if reason else {})
    audit_record(actor=actor, action=f"council.session.{action}", obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def session_set_state(*, actor: User | None, session: Session, state: SessionState) -> Session:
    """Open a planned session or close an open one; any other move is refused. Reopening a
    closed session is `session_reopen`."""
    action = {SessionState.OPEN: "open", SessionState.CLOSED: "close"}.get(state, "")
    return _transition(actor=actor, session=session, to=state, action=action)


@transaction.atomic
def session_reopen(*, actor: User | None, session: Session, reason: str) -> Session:
    """Open a closed session again: its own action with a reason, since votes and questions
    recorded after the closing change a record the public may already have read."""
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise DomainError("Cần ghi lý do mở lại kỳ họp (ít nhất 10 ký tự).", field="reason")
    return _transition(actor=actor, session=session, to=SessionState.OPEN, action="reopen", reason=reason[:500])


def _check_voting(session: Session, day: dt.date) -> None:
    # Read the state now, under lock: the caller's object may be older than a closing.
    session.state = Session.objects.select_for_update().values_list("state", flat=True).get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise DomainError("Kỳ họp không đang diễn ra: chỉ biểu quyết khi kỳ họp đang họp.")
    if not session.start <= day <= session.end:
        raise DomainError(f"Ngày biểu quyết phải trong thời gian kỳ họp ({session.start:%d/%m/%Y}–{session.end:%d/%m/%Y}).", field="day")


def _save_vote(
    *, actor: User | None, session: Session, motion: str, day: dt.date, method: VoteMethod, total: int,
    yes: int, no: int, abstain: int, absent: int, resolution: Resolution | None, sitting: Sitting | None, is_sample: bool,
) -> VoteEvent:
    if not motion.strip():
        raise DomainError("Cần ghi nội dung biểu quyết.", field="motion")
    if resolution is not None:
        Resolution.objects.select_for_update().get(pk=resolution.pk)  # one vote passes a resolution: two clerks, one wins
    if resolution is not None and VoteEvent.objects.filter(resolution=resolution).exists():
        raise DomainError(f"{resolution} đã có kết quả biểu quyết.", field="resolution")
    # More than half of ALL delegates of the council, whoever is present.
    passed = yes * 2 > total
    event = VoteEvent.objects.create(
        session=session, sitting=sitting, motion=motion.strip(), resolution=resolution, day=day, method=method,
        total_delegates=total, yes=yes, no=no, abstain=abstain, absent=absent, passed=passed, is_sample=is_sample,
    )
    audit_record(actor=actor, action="council.vote.record", obj=event, after=snapshot(event))
    return event


@transaction.atomic
def vote_record_tally(
    *, actor: User | None, session: Session, motion: str, day: dt.date, yes: int, no: int, abstain: int, absent: int,
    resolution: Resolution | None = None, sitting: Sitting | None = None, is_sample: bool = False,
) -> VoteEvent:
    """The secretariat enters the result; it must account for every delegate of the council."""
    require_council_record(actor, session.term)
    _check_voting(session, day)
    if min(yes, no, abstain, absent) < 0:
        raise DomainError("Số phiếu không được âm.")
    total = council_size(session.term, day)
    counted = yes + no + abstain + absent
    if counted > total:
        raise DomainError(f"Tổng số phiếu ({counted}) lớn hơn tổng số đại biểu của Hội đồng ({total}).")
    if counted != total:
        raise DomainError(
            f"Kết quả không khớp: tán thành {yes} + không tán thành {no} + không biểu quyết {abstain} + vắng {absent} "
            f"= {counted}, trong khi Hội đồng có {total} đại biểu."
        )
    return _save_vote(actor=actor, session=session, motion=motion, day=day, method=VoteMethod.TALLY, total=total, yes=yes, no=no,
                      abstain=abstain, absent=absent, resolution=resolution, sitting=sitting, is_sample=is_sample)


@transaction.atomic
def vote_record_electronic(
    *, actor: User | None, session: Session, motion: str, day: dt.date, choices: dict[int, VoteChoice],
    resolution: Resolution | None = None, sitting: Sitting | None = None, is_sample: bool = False,
) -> VoteEvent:
    """Each delegate's choice from the voting system; a delegate in office with no choice is absent."""
    require_council_record(actor, session.term)
    _check_voting(session, day)
    in_office = {d.pk: d for d in delegates_in_office(session.term, day)}
    strangers = set(choices) - set(in_office)
    if strangers:
        raise DomainError(f"Có {len(strangers)} phiếu của người không phải đại biểu đương nhiệm ngày {day:%d/%m/%Y}.")
    final = {pk: choices.get(pk, VoteChoice.ABSENT) for pk in in_office}
    counts = {c: sum(1 for v in final.values() if v == c) for c in VoteChoice}
    event = _save_vote(
        actor=actor, session=session, motion=motion, day=day, method=VoteMethod.ELECTRONIC, total=len(in_office),
        yes=counts[VoteChoice.YES], no=counts[VoteChoice.NO], abstain=counts[VoteChoice.ABSTAIN], absent=counts[VoteChoice.ABSENT],
        resolution=resolution, sitting=sitting, is_sample=is_sample,
    )
    Vote.objects.bulk_create([Vote(vote_event=event, delegate=in_office[pk], choice=choice) for pk, choice in final.items()])
    return event


@transaction.atomic
def sitting_add(*, actor: User | None, session: Session, day: dt.date, title: str, is_questioning: bool = False) -> Sitting:
    require_council_record(actor, session.term)
    Session.objects.select_for_update().get(pk=session.pk)
    if not session.start <= day <= session.end:
        raise DomainError(f"Ngày của phiên họp phải trong thời gian kỳ họp ({session.start:%d/%m/%Y}–{session.end:%d/%m/%Y}).", field="day")
    if not title.strip():
        raise DomainError("Cần ghi tên phiên họp.", field="title")
    sitting = Sitting.objects.create(session=session, day=day, title=title.strip(), is_questioning=is_questioning)
    audit_record(actor=actor, action="council.sitting.add", obj=sitting, after=snapshot(sitting))
    return sitting


@transaction.atomic
def attendance_record(*, actor: User | None, sitting: Sitting, present: set[int], reasons: dict[int, str] | None = None) -> int:
    """Record who attended a sitting: every delegate in office that day is present or absent.
    Returns how many delegates were recorded present."""
    require_council_record(actor, sitting.session.term)
    sitting = Sitting.objects.select_for_update().select_related("session__term").get(pk=sitting.pk)  # two clerks taking the roll
    in_office = {d.pk: d for d in delegates_in_office(sitting.session.term, sitting.day)}
    strangers = present - set(in_office)
    if strangers:
        raise DomainError(f"Có {len(strangers)} người không phải đại biểu đương nhiệm ngày {sitting.day:%d/%m/%Y}.")
    before = dict(Attendance.objects.filter(sitting=sitting).values_list("delegate_id", "present"))
    for pk, delegate in in_office.items():
        Attendance.objects.update_or_create(
            sitting=sitting, delegate=delegate,
            defaults={"present": pk in present, "reason": "" if pk in present else (reasons or {}).get(pk, "")[:200]},
        )
    after = {pk: pk in present for pk in in_office}
    audit_record(actor=actor, action="council.attendance.record", obj=sitting, before={str(k): v for k, v in before.items()},
                 after={str(k): v for k, v in after.items()})
    return len(present)


# --- Terms and delegates from the administration page ----------------------------------------


@transaction.atomic
def term_update(
    *, actor: User, term: Term, number: int, start_year: int, end_year: int, delegates_total: int | None,
    start: dt.date | None = None, end: dt.date | None = None,
) -> Term:
    """Correct a term's number, years, dates and declared number of delegates."""
    require_council_record(actor, term)
    locked = Term.objects.select_for_update().get(pk=term.pk)
    if end_year < start_year:
        raise DomainError("Năm kết thúc khóa trước năm bắt đầu.", field="end_year")
    if start and end and end < start:
        raise DomainError("Ngày kết thúc khóa trước ngày bắt đầu.", field="end")
    if Term.objects.filter(council_id=locked.council_id, number=number).exclude(pk=locked.pk).exists():
        raise DomainError(f"{locked.council} đã có khóa {number}.", field="number")
    fields = ["number", "start_year", "end_year", "delegates_total", "start", "end"]
    before = snapshot(locked, fields)
    locked.number, locked.start_year, locked.end_year = number, start_year, end_year
    locked.delegates_total, locked.start, locked.end = delegates_total, start, end
    save_audited(locked, actor=actor, action="council.term.update", fields=fields, before=before)
    return locked


@transaction.atomic
def delegate_update(
    *, actor: User, delegate: Delegate, elected_on: dt.date, left_on: dt.date | None, left_reason: str,
) -> Delegate:
    """Correct when a mandate began, or record that the delegate left (with the reason: resigned,
    dismissed, moved, died)."""
    require_council_record(actor, delegate.term)
    locked = Delegate.objects.select_for_update().get(pk=delegate.pk)
    left_reason = left_reason.strip()
    if left_on is not None and left_on < elected_on:
        raise DomainError("Ngày thôi làm đại biểu trước ngày bắt đầu.", field="left_on")
    if left_on is not None and not left_reason:
        raise DomainError("Cần ghi lý do thôi làm đại biểu.", field="left_reason")
    if left_on is None and left_reason:
        raise DomainError("Có lý do thì cần ghi ngày thôi làm đại biểu.", field="left_on")
    fields = ["elected_on", "left_on", "left_reason"]
    before = snapshot(locked, fields)
    locked.elected_on, locked.left_on, locked.left_reason = elected_on, left_on, left_reason
    save_audited(locked, actor=actor, action="council.delegate.update", fields=fields, before=before)
    return locked


@transaction.atomic
def delegate_enrol(
    *, actor: User, term: Term, full_name: str, birth_year: int | None, elected_on: dt.date,
) -> Delegate:
    """Add a delegate by name: the person already in the register (matched as `persons_named`
    does), or a new one. A name shared by several people needs the year of birth."""
    require_council_record(actor, term)
    full_name = full_name.strip()
    if not full_name:
        raise DomainError("Cần nhập họ và tên.", field="full_name")
    found = persons_named(full_name, birth_year=birth_year)
    if len(found) > 1:
        raise DomainError(f"Có {len(found)} người tên “{full_name}” trong danh bạ; hãy ghi năm sinh để phân biệt.",
                          field="birth_year")
    person = found[0] if found else person_create(actor=actor, full_name=full_name, birth_year=birth_year)
    return delegate_add(actor=actor, term=term, person=person, elected_on=elected_on)
