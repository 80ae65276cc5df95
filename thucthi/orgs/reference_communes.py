"""Hưng Yên's and Thái Bình's communes of 2020 into today's 104 communes of Hưng Yên.

`data/succession/hung_yen_thai_binh.json` lists the steps with their legal bases: the 2024
commune mergers (Nghị quyết 1201/NQ-UBTVQH15 for Thái Bình, 1248/NQ-UBTVQH15 for Hưng Yên)
and the 2025 arrangement (Nghị quyết 1666/NQ-UBTVQH15). Its sources and cross-checks are in
the file; `succession/check_hung_yen.py` re-verifies coverage.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from thucthi.core.text import public_note
from thucthi.orgs.data.provinces_2025 import DISTRICTS_ABOLISHED
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, agencies_of
from thucthi.orgs.models import SuccessionKind, UnitKind

FILE = Path(__file__).parent / "data" / "succession" / "hung_yen_thai_binh.json"
FINAL_STEP = dt.date(2025, 7, 1)


def _source_label(data: dict[str, Any], ids: list[str]) -> str:
    titles = {s["id"]: s.get("title", s["id"]) for s in data["sources"]}
    return "; ".join(titles.get(i, i) for i in ids)[:300]


def hung_yen_steps(units: list[UnitSpec]) -> tuple[list[UnitSpec], list[SuccessionSpec]]:
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    by_code = {u.code: u for u in units}
    # What each GSO code denotes at the current point of the replay.
    current = {u.gso_code: u.code for u in units if u.code.endswith("@2020")}
    new_units: list[UnitSpec] = []
    links: list[SuccessionSpec] = []

    def end(code: str, last_day: dt.date) -> None:
        for c in (code, f"HDND:{code}", f"UBND:{code}"):
            by_code[c].valid_to = last_day

    for step in sorted(data["steps"], key=lambda s: s["date"]):
        day = dt.date.fromisoformat(step["date"])
        basis = step["legal_basis"]
        step_source = _source_label(data, [step["source"]])
        renamed: dict[str, str] = {}
        for change in step["changes"]:
            target = change["to"]
            if day == FINAL_STEP:
                to_code = f"X{target['code']}"
                for code in (to_code, f"HDND:{to_code}", f"UBND:{to_code}"):
                    by_code[code].legal_basis = basis
            elif target.get("new"):
                to_code = f"X{target['code']}@{day:%Y-%m}"
                if to_code not in by_code:
                    first = by_code[current[change["from"][0]["code"]]]
                    unit = UnitSpec(
                        code=to_code, kind=UnitKind.COMMUNE, gso_code=target["code"],
                        division_type=target["name"].split(" ", 1)[0].lower(), name=target["name"],
                        short_name=target["name"].split(" ", 1)[1].strip(), parent=first.parent,
                        valid_from=day, valid_to=FINAL_STEP - dt.timedelta(days=1), legal_basis=basis, source=step_source,
                    )
                    for spec in (unit, *agencies_of(unit, standing=False)):
                        new_units.append(spec)
                        by_code[spec.code] = spec
            else:
                to_code = current[target["code"]]
            renamed[target["code"]] = to_code
            kind = SuccessionKind.SPLIT if change["kind"] == "split" else SuccessionKind.MERGE
            note = "; ".join(change.get("notes", [])) if isinstance(change.get("notes"), list) else change.get("note", "")
            for old in change["from"]:
                pred = current[old["code"]]
                if pred == to_code:
                    continue
                link = SuccessionSpec(pred, to_code, kind, day, basis, note=public_note(str(note))[:500],
                                      source=_source_label(data, change.get("sources", [step["source"]])))
                links.append(link)
                links.extend(
                    SuccessionSpec(f"{b}:{pred}", f"{b}:{to_code}", kind, day, basis, source=link.source)
                    for b in ("HDND", "UBND")
                )
                end(pred, day - dt.timedelta(days=1))
        current.update(renamed)

    # Districts were abolished on 1/7/2025; the communes formed on their territory took
    # over the district committee's local duties.
    for d in data["districts_2020"]:
        for successor in d["successor_units_2025"]:
            note = "Chấm dứt hoạt động của đơn vị hành chính cấp huyện; nhiệm vụ chuyển cho cấp xã và cấp tỉnh"
            links.append(SuccessionSpec(f"D{d['code']}", f"X{successor['code']}", SuccessionKind.TRANSFER, FINAL_STEP, DISTRICTS_ABOLISHED, note))
            links.append(SuccessionSpec(f"UBND:D{d['code']}", f"UBND:X{successor['code']}", SuccessionKind.TRANSFER, FINAL_STEP, DISTRICTS_ABOLISHED, note))
    return new_units, links
