"""Bulk upsert of units and successions from data specs, keyed by each unit's natural code.

Used for the reference data shipped with the project and for demo data: loading the same
specs twice changes nothing; loading changed specs updates what changed. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.audit.services import audit_record
from thucthi.orgs.models import ReferenceDataset, Succession, Unit, UnitKind

UNIT_FIELDS = (
    "kind", "division_type", "name", "short_name", "abbreviation", "gso_code",
    "valid_from", "valid_to", "legal_basis", "source", "is_sample",
)


@dataclass
class UnitSpec:
    code: str
    kind: str
    name: str
    short_name: str = ""
    abbreviation: str = ""
    division_type: str = ""
    gso_code: str = ""
    parent: str | None = None
    area: str | None = None  # None: the unit itself if administrative, else the parent's area
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    legal_basis: str = ""
    source: str = ""
    is_sample: bool = False


@dataclass
class SuccessionSpec:
    predecessor: str
    successor: str
    kind: str
    effective_date: dt.date
    legal_basis: str
    note: str = ""
    source: str = ""


def body_code(body: str, unit_code: str) -> str:
    return f"{body}:{unit_code}"


def agencies_of(unit: UnitSpec, *, standing: bool) -> list[UnitSpec]:
    """The council and committee of an administrative unit, valid over the same period."""
    word = unit.division_type if unit.division_type != "thành phố trung ương" else "thành phố"
    where = f"{word} {unit.short_name}".strip()
    common: dict[str, Any] = {
        "valid_from": unit.valid_from, "valid_to": unit.valid_to, "legal_basis": unit.legal_basis,
        "source": unit.source, "area": unit.code,
    }
    bodies = [
        UnitSpec(code=body_code("HDND", unit.code), kind=UnitKind.PEOPLES_COUNCIL, name=f"Hội đồng nhân dân {where}",
                 short_name=f"HĐND {where}", abbreviation="HĐND", parent=unit.code, **common),
        UnitSpec(code=body_code("UBND", unit.code), kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {where}",
                 short_name=f"UBND {where}", abbreviation="UBND", parent=unit.code, **common),
    ]
    if standing:
        bodies.append(
            UnitSpec(code=body_code("TTHDND", unit.code), kind=UnitKind.STANDING_COMMITTEE,
                     name=f"Thường trực Hội đồng nhân dân {where}", short_name=f"Thường trực HĐND {where}",
                     abbreviation="TT HĐND", parent=body_code("HDND", unit.code), **common)
        )
    return bodies


@dataclass
class LoadResult:
    dataset: str
    skipped: bool = False
    created: int = 0
    updated: int = 0
    successions: int = 0
    problems: list[str] = field(default_factory=list)


def _checksum(units: list[UnitSpec], links: list[SuccessionSpec]) -> str:
    blob = json.dumps([[asdict(u) for u in units], [asdict(s) for s in links]], default=str, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _area_name(spec: UnitSpec, by_code: dict[str, UnitSpec]) -> str:
    area = by_code.get(spec.area or "") if spec.area else None
    return area.name if area is not None and area.code != spec.code else ""


@transaction.atomic
def units_load(
    *, actor: User | None, dataset: str, units: list[UnitSpec], links: list[SuccessionSpec], force: bool = False
) -> LoadResult:
    """Create or update `units` and `links`. Parents must come before their children."""
    result = LoadResult(dataset=dataset)
    checksum = _checksum(units, links)
    marker = ReferenceDataset.objects.select_for_update().filter(name=dataset).first()
    if marker is not None and marker.checksum == checksum and not force:
        result.skipped = True
        return result

    by_code = {u.code: u for u in units}
    # SQLite does not enforce varchar lengths; check here so both databases refuse alike.
    code_length = Unit._meta.get_field("code").max_length or 0
    too_long = [u.code for u in units if len(u.code) > code_length]
    if too_long:
        raise ValueError(f"{dataset}: unit codes longer than {code_length} characters: {too_long[:5]}")
    for spec in units:
        if spec.area is None:
            if spec.kind in ("province", "district", "commune"):
                spec.area = spec.code
            elif spec.parent is not None:
                parent_spec = by_code.get(spec.parent)
                spec.area = parent_spec.area if parent_spec is not None else None
    existing = {u.code: u for u in Unit.objects.filter(code__in=list(by_code))}
    missing_refs = {c for s in units for c in (s.parent, s.area) if c and c not in by_code and c not in existing}
    ids = dict(Unit.objects.filter(code__in=list(missing_refs)).values_list("code", "pk"))
    unknown = missing_refs - set(ids)
    if unknown:
        raise ValueError(f"{dataset}: unknown parent or area codes {sorted(unknown)[:5]}")

    to_create: list[Unit] = []
    to_update: list[Unit] = []
    for spec in units:
        unit = existing.get(spec.code) or Unit(code=spec.code)
        before = {f: getattr(unit, f) for f in UNIT_FIELDS} if unit.pk else None
        for f in UNIT_FIELDS:
            setattr(unit, f, getattr(spec, f))
        unit.refresh_derived(_area_name(spec, by_code))
        if unit.pk is None:
            to_create.append(unit)
        elif before != {f: getattr(unit, f) for f in UNIT_FIELDS}:
            to_update.append(unit)
    Unit.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Unit.objects.bulk_update(to_update, [*UNIT_FIELDS, "search_text", "name_folded", "sort_key"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)

    # Second pass: links to parents and areas, now that every unit has an id.
    ids.update(Unit.objects.filter(code__in=list(by_code)).values_list("code", "pk"))
    relinked: list[Unit] = []
    for unit in Unit.objects.filter(code__in=list(by_code)).only("id", "code", "parent_id", "area_id"):
        spec = by_code[unit.code]
        parent_id = ids[spec.parent] if spec.parent else None
        area_id = ids[spec.area] if spec.area else None
        if unit.parent_id != parent_id or unit.area_id != area_id:
            unit.parent_id, unit.area_id = parent_id, area_id
            relinked.append(unit)
    Unit.objects.bulk_update(relinked, ["parent", "area"], batch_size=500)

    link_codes = {c for s in links for c in (s.predecessor, s.successor)}
    ids.update(Unit.objects.filter(code__in=list(link_codes - set(ids))).values_list("code", "pk"))
    have = set(Succession.objects.filter(predecessor_id__in=[ids[c] for c in link_codes if c in ids]).values_list("predecessor_id", "successor_id", "effective_date"))
    new_links = []
    for s in links:
        if s.predecessor not in ids or s.successor not in ids:
            result.problems.append(f"succession {s.predecessor} → {s.successor}: unknown unit")
            continue
        key = (ids[s.predecessor], ids[s.successor], s.effective_date)
        if key in have:
            continue
        have.add(key)
        new_links.append(
            Succession(
                predecessor_id=key[0], successor_id=key[1], effective_date=s.effective_date, kind=s.kind,
                legal_basis=s.legal_basis, note=s.note, source=s.source,
            )
        )
    Succession.objects.bulk_create(new_links, batch_size=500)
    result.successions = len(new_links)

    ReferenceDataset.objects.update_or_create(name=dataset, defaults={"checksum": checksum})
    # Bulk loads are audited as one record naming the dataset and what it changed.
    summary: dict[str, Any] = {
        "dataset": dataset, "checksum": checksum, "created": result.created, "updated": result.updated,
        "successions": result.successions, "updated_codes": [u.code for u in to_update][:200],
    }
    audit_record(actor=actor, action="orgs.dataset.load", object_type="orgs.referencedataset", object_id=dataset, after=summary)
    return result
