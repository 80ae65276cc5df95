"""The 2025 arrangement of provinces: 63 became 34 on 1 July 2025.

Legal basis: Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị
hành chính cấp tỉnh. Keys are the GSO codes of the 34 provinces (vietnam-provinces
2025.10.1); values the codes of the pre-2025 provinces that formed each. The 11 provinces
whose list is just themselves were not rearranged.
"""

RESOLUTION_202 = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh"
EFFECTIVE = "2025-07-01"

# District level abolished from 1/7/2025 with the two-tier local government.
DISTRICTS_ABOLISHED = (
    "Nghị quyết số 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp; "
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
)

FORMED_FROM: dict[str, list[str]] = {
    "01": ["01"],
    "04": ["04"],
    "08": ["02", "08"],
    "11": ["11"],
    "12": ["12"],
    "14": ["14"],
    "15": ["10", "15"],
    "19": ["06", "19"],
    "20": ["20"],
    "22": ["22"],
    "24": ["24", "27"],
    "25": ["17", "25", "26"],
    "31": ["30", "31"],
    "33": ["33", "34"],
    "37": ["35", "36", "37"],
    "38": ["38"],
    "40": ["40"],
    "42": ["42"],
    "44": ["44", "45"],
    "46": ["46"],
    "48": ["48", "49"],
    "51": ["51", "62"],
    "52": ["52", "64"],
    "56": ["56", "58"],
    "66": ["54", "66"],
    "68": ["60", "67", "68"],
    "75": ["70", "75"],
    "79": ["74", "77", "79"],
    "80": ["72", "80"],
    "82": ["82", "87"],
    "86": ["83", "84", "86"],
    "91": ["89", "91"],
    "92": ["92", "93", "94"],
    "96": ["95", "96"],
}
