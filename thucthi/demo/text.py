"""What the demo shows users from its research notes: the notes cite their sources by the ids of
the data files' source lists ("(S1)", "(P8, thật)") and speak of stored copies and the demo itself;
users see the source in the record's own source field and the "mẫu" label, never those markers."""

from __future__ import annotations

import re

from thucthi.core.text import SOURCE_ID

# A parenthesis that cites a source id (S1, P8…): "(S16)", "(S1, nhiệm vụ 'Bốn là')", "(P11, thật)".
_CITATION = re.compile(r"\s*\(([^()]*\b[SP]\d{1,2}\b[^()]*)\)")
_ID_IN_LIST = SOURCE_ID
# What a citation may hold besides ids that says nothing to a reader.
_EMPTY_REST = {"", "thật", "mẫu"}
# A source id cited outside parentheses ("… tháng 7/2020 (theo brief), 2 ngày S1.").
_BARE_ID = re.compile(r"\s*" + SOURCE_ID.pattern)
_WORKING_WORDS = [
    (re.compile(r"\s*[–-]\s*chỉ để demo"), ""),
    (re.compile(r";?\s*giá trị hợp lý để chạy demo"), ""),
    (re.compile(r"\s*\(theo brief\)"), ""),
    (re.compile(r"\s*\((?:recompute|sum|none)\)"), ""),
    (re.compile(r"\bbản lưu\b"), "nguồn đã tra cứu"),
    (re.compile(r"\bBản lưu\b"), "Nguồn đã tra cứu"),
]


def _citation(match: re.Match[str]) -> str:
    """Keep what a citation says to a reader ("(đề nghị của Thủ tướng, P7)" → "(đề nghị của Thủ tướng)")."""
    parts = [p.strip() for p in _ID_IN_LIST.sub("", match.group(1)).split(",")]
    kept = [p for p in parts if p not in _EMPTY_REST]
    return f" ({', '.join(kept)})" if kept else ""


def public_text(text: str) -> str:
    """`text` without the data files' source ids and working words, spaces tidied."""
    out = _CITATION.sub(_citation, text)
    out = _BARE_ID.sub("", out)
    for pattern, replacement in _WORKING_WORDS:
        out = pattern.sub(replacement, out)
    out = re.sub(r",\s*\)", ")", out).replace("()", "")
    out = re.sub(r"\s+([,.;:])", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip()
