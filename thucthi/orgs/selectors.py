"""Reads on units and people. Callers get querysets with what they need already joined."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Case, Expression, IntegerField, Q, Value, When

from thucthi.core.text import fold, normalize, search_terms
from thucthi.orgs.models import Person, Position, Succession, Unit, UnitKind, UnitQuerySet

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

# Order of kinds in search results: territory first, then the bodies that govern it.
KIND_ORDER = [
    UnitKind.PROVINCE, UnitKind.PEOPLES_COUNCIL, UnitKind.STANDING_COMMITTEE, UnitKind.PEOPLES_COMMITTEE,
    UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.COUNCIL_COMMITTEE, UnitKind.DISTRICT, UnitKind.COMMUNE,
]


def unit_list(
    *,
    q: str = "",
    kind: Iterable[str] = (),
    parent_id: int | None = None,
    area_id: int | None = None,
    valid_on: dt.date | None = None,
) -> UnitQuerySet:
    """Units and agencies matching the filters.

    `q` matches with or without diacritics ("hung yen", "dau tu", "KH&ĐT"): every word of
    the query must begin a word of the unit's folded names. Results whose name is the
    query come first, then names starting with it, then by administrative level; within
    each, Vietnamese alphabetical order.
    """
    # prefetch, not select_related: a join before ORDER BY … LIMIT stops PostgreSQL from
    # sorting only the top rows (measured by `thucthi bench units`, docs/performance.md).
    qs: UnitQuerySet = Unit.objects.prefetch_related("parent", "area")
    terms = search_terms(q)
    for term in terms:
        qs = qs.filter(search_text__contains=" " + term)
    kinds = [k for k in kind if k]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if area_id is not None:
        qs = qs.filter(Q(area_id=area_id) | Q(pk=area_id))
    if valid_on is not None:
        qs = qs.valid_on(valid_on)
    if not terms:
        return qs.order_by("sort_key", "name", "id")
    phrase = " ".join(terms)
    rank = Case(
        When(name_folded=phrase, then=Value(0)),
        When(name_folded__startswith=phrase, then=Value(1)),
        When(search_text__startswith=" " + phrase, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    level = Case(*(When(kind=k, then=Value(i)) for i, k in enumerate(KIND_ORDER)), default=Value(len(KIND_ORDER)), output_field=IntegerField())
    return qs.annotate(match_rank=rank, level_rank=level).order_by("match_rank", "level_rank", "sort_key", "name", "id")


@dataclass
class LineageStep:
    succession: Succession
    unit: Unit
    depth: int


@dataclass
class Lineage:
    unit: Unit
    predecessors: list[LineageStep] = field(default_factory=list)
    successors: list[LineageStep] = field(default_factory=list)


def unit_lineage(unit: Unit, *, max_depth: int = 6) -> Lineage:
    """Every unit this one came from and went into, however many reorganisations back or on.

    One query per generation, not per unit: reorganisations are few levels deep.
    """
    lineage = Lineage(unit=unit)
    for direction in ("predecessors", "successors"):
        frontier = {unit.pk}
        seen = {unit.pk}
        for depth in range(1, max_depth + 1):
            if not frontier:
                break
            if direction == "predecessors":
                links = Succession.objects.filter(successor_id__in=frontier).select_related("predecessor", "successor")
            else:
                links = Succession.objects.filter(predecessor_id__in=frontier).select_related("predecessor", "successor")
            frontier = set()
            for link in links.order_by("effective_date", "id"):
                other = link.predecessor if direction == "predecessors" else link.successor
                getattr(lineage, direction).append(LineageStep(link, other, depth))
                if other.pk not in seen:
                    seen.add(other.pk)
                    frontier.add(other.pk)
    return lineage


@dataclass(frozen=True)
class Link:
    """One succession, as the walks below read it: duties passed from predecessor to successor."""

    predecessor_id: int
    successor_id: int
    effective_date: dt.date
    kind: str


def _walk(start: Iterable[int], *, on: dt.date, forward: bool) -> list[Link]:
    """Every succession in force by `on` reachable from `start`, forward (to successors) or back
    (to predecessors): the one succession walk, batched, one query per generation whatever the
    number of units. Reorganisations are a few generations deep."""
    links: list[Link] = []
    seen = set(start)
    frontier = set(seen)
    near, far = ("predecessor_id", "successor_id") if forward else ("successor_id", "predecessor_id")
    while frontier:
        batch = [
            Link(*row)
            for row in Succession.objects.filter(**{f"{near}__in": frontier}, effective_date__lte=on)
            .order_by("effective_date", "id")
            .values_list("predecessor_id", "successor_id", "effective_date", "kind")
        ]
        links += batch
        frontier = {getattr(link, far) for link in batch} - seen
        seen |= frontier
    return links


def successions_from(origins: Iterable[int], *, on: dt.date) -> list[Link]:
    """Where the duties of `origins` went, generation by generation, by `on`."""
    return _walk(origins, on=on, forward=True)


def successions_into(targets: Iterable[int], *, on: dt.date) -> list[Link]:
    """Where the duties of `targets` came from, generation by generation, by `on`."""
    return _walk(targets, on=on, forward=False)


def units_held_by_all(unit_ids: Iterable[int], *, on: dt.date) -> set[int]:
    """`units_held_by` for several units at once: the units and every unit whose duties passed into
    one of them by `on`, one query per generation."""
    ids = set(unit_ids)
    return ids | {link.predecessor_id for link in successions_into(ids, on=on)}


def unit_duty_holders(unit: Unit, *, on: dt.date) -> list[Unit]:
    """Which unit(s) hold `unit`'s duties on day `on`, following mergers, splits, renames
    and transfers that took effect by then. A unit still in force holds its own duties.
    """
    links = successions_from([unit.pk], on=on)
    moved = {link.predecessor_id for link in links}
    reached = {unit.pk} | {link.successor_id for link in links}
    candidates = Unit.objects.filter(pk__in=reached - moved) if reached - moved else Unit.objects.none()
    holders = [u for u in candidates if u.is_valid_on(on)]
    return sorted(holders, key=lambda u: (u.sort_key, u.pk))


def unit_positions(unit: Unit) -> list[Position]:
    return list(unit.positions.select_related("person").order_by("-start", "role", "id"))


def unit_children(unit: Unit, *, valid_on: dt.date | None = None) -> UnitQuerySet:
    qs: UnitQuerySet = Unit.objects.filter(parent=unit)
    if valid_on is not None:
        qs = qs.valid_on(valid_on)
    return qs.order_by("kind", "sort_key", "id")


def unit_get(pk: int) -> Unit | None:
    return Unit.objects.select_related("parent", "area").filter(pk=pk).first()


def person_get(pk: int) -> Person | None:
    """Person `pk`, or None."""
    return Person.objects.filter(pk=pk).first()


def provinces(*, on: dt.date) -> UnitQuerySet:
    """The provinces in force on `on`, in Vietnamese alphabetical order."""
    return Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(on).order_by("sort_key")


def unit_count(*, kind: str, on: dt.date) -> int:
    """How many units of `kind` are in force on `on` (the home page's figures)."""
    return Unit.objects.filter(kind=kind).valid_on(on).count()


def _held_sql(connection: Any) -> str:
    """The unit (first parameter) and every unit whose duties passed into it, however many
    reorganisations back, by the day (second parameter): one recursive statement."""
    day = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    return (
        "WITH RECURSIVE held(id) AS (SELECT CAST(%s AS bigint) UNION"
        f" SELECT s.predecessor_id FROM {Succession._meta.db_table} s JOIN held h ON s.successor_id = h.id"
        f" WHERE s.effective_date <= {day}) SELECT id FROM held"
    )


class HeldUnits(Expression):
    """`units_held_by` as a subquery, for `lead_unit_id__in=HeldUnits(…)`: the list and the
    units behind it in one statement, without a round trip to find the units first."""

    output_field = IntegerField()

    def __init__(self, unit_id: int, on: dt.date) -> None:
        super().__init__()
        self.unit_id, self.on = unit_id, on

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        return f"({_held_sql(connection)})", (self.unit_id, connection.ops.adapt_datefield_value(self.on))


def units_held_by(unit_id: int, *, on: dt.date) -> set[int]:
    """The unit itself and every unit whose duties it has taken over by `on`: the staff of
    today's Sở Tài chính act on tasks once assigned to the Sở Kế hoạch và Đầu tư it absorbed.
    One query whatever the number of reorganisations (a recursive walk back over successions)."""
    with connection.cursor() as cursor:
        cursor.execute(_held_sql(connection), [unit_id, connection.ops.adapt_datefield_value(on)])
        return {int(row[0]) for row in cursor.fetchall()}


def units_in_force(ids: Iterable[int], *, on: dt.date) -> UnitQuerySet:
    """The units among `ids` in force on `on`, in Vietnamese alphabetical order."""
    return Unit.objects.filter(pk__in=list(ids)).valid_on(on).order_by("sort_key", "id")


def agencies_in_force(*, on: dt.date) -> UnitQuerySet:
    """The bodies an account may belong to (not territories), in force on `on`."""
    return Unit.objects.exclude(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE]).valid_on(on).order_by("sort_key", "id")


def successions_recent(*, limit: int = 12) -> list[Succession]:
    """The latest successions recorded, newest effective date first."""
    return list(Succession.objects.select_related("predecessor", "successor").order_by("-effective_date", "-id")[:limit])


def _exact_name(name: str) -> str:
    return " ".join(normalize(name).casefold().split())


def persons_named(name: str, *, birth_year: int | None = None) -> list[Person]:
    """The people in the register called `name`: loosely when it is written without diacritics
    ("Nguyen Van An"), exactly when written with them ("Nguyễn Văn Ẩn" is never "Nguyễn Văn An");
    narrowed by the year of birth where that tells several apart."""
    folded = fold(name)
    if not folded:
        return []
    candidates = Person.objects.filter(search_text__contains=" " + folded).order_by("sort_key", "id")
    if name.isascii():
        found = [p for p in candidates if fold(p.full_name) == folded]
    else:
        found = [p for p in candidates if _exact_name(p.full_name) == _exact_name(name)]
    if birth_year is not None and len(found) > 1:
        found = [p for p in found if p.birth_year == birth_year] or found
    return found


def councils_in(scope: set[int] | None, *, on: dt.date) -> UnitQuerySet:
    """The People's Councils in force among `scope`; None (the administrator's every council):
    the provinces' councils, not the thousands of communes' (their offices keep those)."""
    qs = Unit.objects.filter(kind=UnitKind.PEOPLES_COUNCIL).valid_on(on)
    qs = qs.exclude(area__kind=UnitKind.COMMUNE) if scope is None else qs.filter(pk__in=scope)
    return qs.order_by("sort_key", "id")


def agencies_for_account(current_id: int | None, *, on: dt.date, province_id: int | None = None) -> UnitQuerySet:
    """The bodies an account may be given, in force on `on`: those of one province and its
    communes when `province_id` is given, else every province's own (a commune's bodies are
    thousands: one picks the province first); and the unit the account already has, even closed."""
    agencies = agencies_in_force(on=on)
    if province_id is not None:
        agencies = agencies.filter(Q(area_id=province_id) | Q(area__parent_id=province_id))
    else:
        agencies = agencies.exclude(area__kind=UnitKind.COMMUNE)
    chosen = Q(pk__in=agencies.values("pk"))
    return Unit.objects.filter(chosen | Q(pk=current_id) if current_id else chosen).order_by("sort_key", "id")
