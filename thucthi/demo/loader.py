"""Demo data: the seed's session — Hưng Yên Provincial People's Council, term XVI, its 12th
session in July 2020 — with the province's bodies, departments and people, and one demo
account per role. Facts come from `data/hung_yen_facts.json` (sources cited there); what no
public source gave is loaded with `is_sample` and shown with a "mẫu" label.

Loading twice changes nothing: every step looks for what it would create first.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from thucthi.accounts.models import Role, User
from thucthi.accounts.services import user_create, user_link_person
from thucthi.core import clock
from thucthi.council.models import Delegate, Resolution, Session, SessionKind, Term
from thucthi.council.services import delegate_add, resolution_create, session_create, term_create
from thucthi.demo import council as demo_council
from thucthi.demo import indicators as demo_indicators
from thucthi.demo import tasks as demo_tasks
from thucthi.demo.codes import dept_code, slug
from thucthi.demo.text import public_text
from thucthi.orgs import reference
from thucthi.orgs.data.provinces_2025 import RESOLUTION_202
from thucthi.orgs.loader import LoadResult, SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import DatePrecision, Person, Position, PositionRole, SuccessionKind, Unit, UnitKind
from thucthi.orgs.services import person_create, position_assign

FACTS = Path(__file__).parent / "data" / "hung_yen_facts.json"
OLD_HY, OLD_TB, NEW_HY = "P33@old", "P34@old", "P33"
MARCH_2025 = dt.date(2025, 3, 1)
REORG = dt.date(2025, 7, 1)
ND24 = "Nghị định số 24/2014/NĐ-CP (sửa đổi bởi Nghị định số 107/2020/NĐ-CP) về tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh"
ND45 = "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 về tổ chức các cơ quan chuyên môn thuộc UBND cấp tỉnh"
MERGE_2025 = "Nghị quyết số 202/2025/QH15; hợp nhất cơ quan chuyên môn của hai tỉnh Hưng Yên và Thái Bình"
LOCAL_GOV_LAW = "Luật Tổ chức chính quyền địa phương (Ban của HĐND cấp tỉnh)"


@cache
def facts() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FACTS.read_text(encoding="utf-8"))
    return data


def _source(ids: str | None) -> str:
    if not ids:
        return ""
    titles = {s["id"]: s.get("url") or s["title"] for s in facts()["sources"]}
    return "; ".join(titles.get(i.strip(), i.strip()) for i in str(ids).split(","))[:300]


def _kind(entry: dict[str, Any]) -> str:
    return UnitKind.DEPARTMENT if entry.get("kind", "department") == "department" else UnitKind.AGENCY


def agency_specs() -> tuple[list[UnitSpec], list[SuccessionSpec]]:
    """Council committees and departments of Hưng Yên (2020, March 2025, July 2025) and
    Thái Bình (until 30/6/2025), with the mergers between them."""
    f = facts()
    units: list[UnitSpec] = []
    links: list[SuccessionSpec] = []
    last_old = REORG - dt.timedelta(days=1)

    for province, council_from, council_to in ((OLD_HY, None, last_old), (NEW_HY, REORG, None)):
        council = f"HDND:{province}"
        for name in ("Ban Pháp chế", "Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội"):
            units.append(UnitSpec(code=f"{council}:{slug(name)}", kind=UnitKind.COUNCIL_COMMITTEE, name=f"{name} HĐND tỉnh Hưng Yên",
                                  short_name=name, parent=council, area=province, valid_from=council_from, valid_to=council_to,
                                  legal_basis=LOCAL_GOV_LAW))
        units.append(UnitSpec(code=f"{council}:van-phong", kind=UnitKind.AGENCY, name="Văn phòng HĐND tỉnh Hưng Yên",
                              short_name="Văn phòng HĐND tỉnh", parent=council, area=province, valid_from=council_from,
                              valid_to=council_to, legal_basis=LOCAL_GOV_LAW))
    for name in ("Ban Pháp chế", "Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội"):
        links.append(SuccessionSpec(f"HDND:{OLD_HY}:{slug(name)}", f"HDND:{NEW_HY}:{slug(name)}", SuccessionKind.MERGE, REORG, RESOLUTION_202))

    def dept(province: str, entry: dict[str, Any], **extra: Any) -> UnitSpec:
        where = "Hưng Yên" if province != OLD_TB else "Thái Bình"
        name = entry["name"].replace(" tỉnh", "") if entry["name"].startswith("Văn phòng UBND") else entry["name"]
        return UnitSpec(
            code=dept_code(province, entry["name"]), kind=_kind(entry), name=f"{name} tỉnh {where}".replace("tỉnh tỉnh", "tỉnh"),
            short_name=entry["name"], abbreviation=entry.get("short", ""), parent=f"UBND:{province}", area=province,
            source=_source(entry.get("hung_yen_source") or entry.get("source")) or ND24, **extra,
        )

    # Hưng Yên, 2020: the specialised agencies under the provincial People's Committee.
    old_names = {d["name"] for d in f["departments_2020"]}
    for entry in f["departments_2020"]:
        units.append(dept(OLD_HY, entry, valid_to=last_old, legal_basis=ND24))
    # March 2025 (Decree 45/2025): mergers inside old Hưng Yên. A merged-into agency that
    # already existed continues; a new one (Nông nghiệp và Môi trường) starts that day.
    for change in f["departments_2025_province_level_reorg"]:
        target = change["to"]
        day = dt.date.fromisoformat(change["date"])
        note = "Ngày hiệu lực là mẫu: chưa tìm thấy quyết định của tỉnh." if change.get("date_is_sample") else ""
        if target not in old_names:
            units.append(dept(OLD_HY, {"name": target}, valid_from=day, valid_to=last_old, legal_basis=ND45))
            old_names.add(target)
        for source_name in change["from"]:
            if source_name == target:
                continue
            links.append(SuccessionSpec(dept_code(OLD_HY, source_name), dept_code(OLD_HY, target), SuccessionKind.MERGE, day, ND45, note=note))
    for spec in units:
        if spec.code in {lk.predecessor for lk in links if lk.effective_date < REORG}:
            first = min(lk.effective_date for lk in links if lk.predecessor == spec.code)
            spec.valid_to = first - dt.timedelta(days=1)

    # Thái Bình, until 30/6/2025 (its agencies after its own Decree 45 arrangement).
    for entry in f["departments_thai_binh_2025"]:
        units.append(dept(OLD_TB, entry, valid_to=last_old, legal_basis=ND45, is_sample=True))
    # Today's Hưng Yên: each agency formed from its namesakes in the two provinces.
    tb_names = {d["name"] for d in f["departments_thai_binh_2025"]}
    for entry in f["departments_after_2025_07_01"]:
        units.append(dept(NEW_HY, entry, valid_from=REORG, legal_basis=f"{MERGE_2025}; {ND45}"))
        for old_province, names in ((OLD_HY, old_names), (OLD_TB, tb_names)):
            if entry["name"] in names:
                links.append(SuccessionSpec(dept_code(old_province, entry["name"]), dept_code(NEW_HY, entry["name"]),
                                            SuccessionKind.MERGE, REORG, MERGE_2025))
    return units, links


def _parse_date(value: str | None) -> tuple[dt.date | None, DatePrecision]:
    if not value:
        return None, DatePrecision.DAY
    parts = value.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1), DatePrecision.YEAR
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
    return dt.date.fromisoformat(value), DatePrecision.DAY


def _position_unit(title: str, organization: str, start: dt.date | None) -> str | None:
    """Where a position in the facts file belongs, in our unit codes; None for party posts."""
    if not organization.startswith(("HĐND", "UBND", "Sở")):
        return None  # party committees and the Fatherland Front are outside this system
    new = start is not None and start >= REORG
    province = NEW_HY if new else OLD_HY
    if organization.startswith("Sở"):
        return dept_code(province, organization.replace(" tỉnh Hưng Yên", ""))
    if title.startswith("Trưởng Ban"):
        committee = title.removeprefix("Trưởng ").replace(" HĐND tỉnh", "")
        return f"HDND:{province}:{slug(committee)}"
    if title.startswith("Chánh Văn phòng HĐND"):
        return f"HDND:{province}:van-phong"
    return f"{'HDND' if organization.startswith('HĐND') else 'UBND'}:{province}"


def _role(title: str) -> PositionRole:
    if title.startswith(("Chủ tịch", "Giám đốc", "Trưởng", "Chánh")):
        return PositionRole.HEAD
    if title.startswith("Phó"):
        return PositionRole.DEPUTY
    return PositionRole.MEMBER


def load_people(actor: User | None) -> int:
    created = 0
    codes = dict(Unit.objects.values_list("code", "pk"))
    for entry in facts()["people"]:
        name = entry["full_name"].split(" (")[0]
        person = Person.objects.filter(full_name=name).first()
        if person is None:
            person = person_create(actor=actor, full_name=name, source=_source(entry.get("source")), is_sample=bool(entry.get("is_sample")))
        for pos in entry["positions"]:
            start, start_p = _parse_date(pos.get("start"))
            end, end_p = _parse_date(pos.get("end"))
            code = _position_unit(pos["title"], pos["organization"], start)
            if code is None or code not in codes:
                continue
            title = pos["title"].split(" (")[0]
            if Position.objects.filter(person=person, unit_id=codes[code], title=title, start=start).exists():
                continue
            position_assign(
                actor=actor, person=person, unit=Unit.objects.get(pk=codes[code]), title=title, role=_role(title),
                start=start, end=end, start_precision=start_p, end_precision=end_p,
                source=_source(entry.get("source")), is_sample=bool(entry.get("is_sample")),
            )
            created += 1
    return created


def load_council(actor: User | None) -> Session:
    f = facts()
    council = Unit.objects.get(code=f"HDND:{OLD_HY}")
    t = f["council"]["term"]
    term = Term.objects.filter(council=council, number=t["number"]).first() or term_create(
        actor=actor, council=council, number=t["number"], start_year=int(t["start"][:4]), end_year=int(t["end"][:4]),
        delegates_total=f["council"].get("delegates_total"), note=public_text(f["council"].get("notes", "")),
    )
    s = f["session"]
    session = Session.objects.filter(term=term, number=s["number"]).first() or session_create(
        actor=actor, term=term, number=s["number"], kind=SessionKind(s["kind"]),
        start=dt.date.fromisoformat(s["start"]), end=dt.date.fromisoformat(s["end"]),
        place=s.get("place", ""), dates_are_sample=bool(s.get("dates_is_sample")), source=_source(s.get("source")),
        summary=(
            "Kỳ họp giữa năm 2020: đánh giá tình hình kinh tế - xã hội 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm; "
            "chất vấn và trả lời chất vấn; thông qua 13 nghị quyết. Chủ tịch HĐND tỉnh: Trần Quốc Toản."
        ),
    )
    plan = f["plan_resolution"]
    wanted = [(plan, None)] + [(r, session) for r in f["resolutions"]]
    for r, in_session in wanted:
        adopted = dt.date.fromisoformat(r["date"])
        if Resolution.objects.filter(council=council, year=adopted.year, number=r["number"]).exists():
            continue
        resolution_create(
            # A sample resolution carries the "mẫu" badge wherever it is shown: its title need not say it again.
            actor=actor, council=council, number=r["number"], adopted_on=adopted,
            title=r["title"].removesuffix(" (mẫu)") if r.get("is_sample") else r["title"],
            session=in_session, is_sample=bool(r.get("is_sample")), source=_source(r.get("source")),
        )
    return session


# The merged province's council elected on 15/3/2026 (the national election day for the
# 2026–2031 term). Who sits on it is not in the sources found: the demo delegate is labelled
# sample, and so is the upcoming session, whose dates follow the day the demo is loaded so that
# question registration is open whenever someone tries the demo.
CURRENT_TERM_NUMBER, CURRENT_TERM_YEARS, ELECTION_2026 = 18, (2026, 2031), dt.date(2026, 3, 15)


def load_current_term(actor: User | None) -> Session:
    """The current term of the merged province's council, the demo delegate on it, and an
    upcoming session (planned, so delegates may register questions)."""
    council = Unit.objects.get(code=f"HDND:{NEW_HY}")
    term = Term.objects.filter(council=council, number=CURRENT_TERM_NUMBER).first() or term_create(
        actor=actor, council=council, number=CURRENT_TERM_NUMBER, start_year=CURRENT_TERM_YEARS[0], end_year=CURRENT_TERM_YEARS[1],
        start=ELECTION_2026, note="Bầu cử đại biểu HĐND nhiệm kỳ 2026–2031 ngày 15/3/2026. Danh sách đại biểu trong bản demo là mẫu.",
    )
    person = User.objects.get(username="daibieu").person
    if person is not None and not Delegate.objects.filter(term=term, person=person).exists():
        delegate_add(actor=actor, term=term, person=person, elected_on=ELECTION_2026, is_sample=True)
    upcoming = Session.objects.filter(term=term, dates_are_sample=True).order_by("-start").first()
    if upcoming is not None:
        return upcoming
    start = clock.today() + dt.timedelta(days=14)
    return session_create(
        actor=actor, term=term, number=5, start=start, end=start + dt.timedelta(days=2), place="Trụ sở HĐND, UBND tỉnh (mẫu)",
        dates_are_sample=True, summary="Kỳ họp thường lệ (mẫu): đại biểu đăng ký câu hỏi chất vấn trước kỳ họp.",
    )


@dataclass
class DemoLogin:
    username: str
    role: Role
    full_name: str
    unit_code: str | None
    password: str = ""


DEMO_USERS = [
    DemoLogin("admin", Role.ADMIN, "Quản trị hệ thống (mẫu)", None),
    DemoLogin("vanphong.hdnd", Role.COUNCIL_OFFICE, "Chuyên viên Văn phòng HĐND (mẫu)", f"HDND:{NEW_HY}:van-phong"),
    DemoLogin("vanphong.ubnd", Role.COMMITTEE_OFFICE, "Chuyên viên Văn phòng UBND (mẫu)", dept_code(NEW_HY, "Văn phòng UBND tỉnh")),
    DemoLogin("canbo.taichinh", Role.UNIT_OFFICER, "Cán bộ Sở Tài chính (mẫu)", dept_code(NEW_HY, "Sở Tài chính")),
    DemoLogin("lanhdao.taichinh", Role.UNIT_HEAD, "Lãnh đạo Sở Tài chính (mẫu)", dept_code(NEW_HY, "Sở Tài chính")),
    DemoLogin("daibieu", Role.DELEGATE, "Đại biểu HĐND tỉnh (mẫu)", f"HDND:{NEW_HY}"),
]


def credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def load_users(actor: User | None) -> list[DemoLogin]:
    """Create the demo accounts with random passwords, kept in var/demo-logins.txt."""
    path = credentials_file()
    known: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                name, password = line.split("\t", 1)
                known[name] = password
    logins = []
    for demo in DEMO_USERS:
        demo = DemoLogin(**{**demo.__dict__})
        demo.password = known.get(demo.username) or secrets.token_urlsafe(9)
        if not User.objects.filter(username=demo.username).exists():
            unit = Unit.objects.get(code=demo.unit_code) if demo.unit_code else None
            user = user_create(actor=actor, username=demo.username, password=demo.password, role=demo.role,
                               full_name=demo.full_name, unit=unit)
            user_link_person(actor=actor, user=user, person=person_create(actor=actor, full_name=demo.full_name, is_sample=True))
        elif demo.username not in known:
            # The account exists but its password was never recorded here: leave it alone.
            demo.password = "(không đổi / unchanged)"  # noqa: S105 (a label shown instead of a password)
        logins.append(demo)
    path.write_text("".join(f"{d.username}\t{d.password}\n" for d in logins), encoding="utf-8")
    path.chmod(0o600)
    return logins


@dataclass
class DemoResult:
    reference: LoadResult
    agencies_created: int = 0
    people_positions: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    session: Session | None = None
    current_session: Session | None = None
    tasks_created: int = 0
    indicator_targets: int = 0


@transaction.atomic
def load(*, actor: User | None = None) -> DemoResult:
    result = DemoResult(reference=reference.load(actor=actor))
    units, links = agency_specs()
    agencies = units_load(actor=actor, dataset="demo-hung-yen-agencies", units=units, links=links)
    result.agencies_created = agencies.created
    result.people_positions = load_people(actor)
    result.session = load_council(actor)
    demo_council.load(result.session)
    result.logins = load_users(actor)
    result.current_session = load_current_term(actor)
    officer = User.objects.get(username="canbo.taichinh")
    result.tasks_created = demo_tasks.load(officer=officer)
    result.indicator_targets = demo_indicators.load().targets.count()
    return result
