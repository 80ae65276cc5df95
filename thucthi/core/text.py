"""Vietnamese text helpers shared by search and ordering on every database.

SQLite's and PostgreSQL's own accent folding differ (neither turns "đ" into "d" the same
way), so we fold once in Python and store the result; queries fold the same way.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z&]+")

# Common abbreviations in administrative Vietnamese; a name containing the long form is
# also findable by the short one ("UBND tỉnh", "Sở KH&ĐT").
ABBREVIATIONS: dict[str, str] = {
    "uy ban nhan dan": "ubnd",
    "hoi dong nhan dan": "hdnd",
    "thanh pho": "tp",
    "thi xa": "tx",
    "ke hoach va dau tu": "kh&dt khdt",
    "tai nguyen va moi truong": "tn&mt tnmt",
    "nong nghiep va phat trien nong thon": "nn&ptnt nnptnt",
    "lao dong thuong binh va xa hoi": "ldtb&xh ldtbxh",
    "thong tin va truyen thong": "tt&tt tttt",
    "khoa hoc va cong nghe": "kh&cn khcn",
    "giao duc va dao tao": "gd&dt gddt",
    "van hoa the thao va du lich": "vhtt&dl vhttdl",
    "giao thong van tai": "gtvt",
    "nong nghiep va moi truong": "nn&mt nnmt",
    "dan toc va ton giao": "dt&tg",
}


def normalize(text: str) -> str:
    """NFC form with single spaces: the form we store names in."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, without diacritics, "đ" as "d", punctuation as spaces.

    >>> fold("Sở Kế hoạch và Đầu tư")
    'so ke hoach va dau tu'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", bare)).strip()


def search_document(*parts: str) -> str:
    """The text a unit is found by: folded names plus the abbreviations they imply."""
    folded = " ".join(fold(p) for p in parts if p)
    extra = [short for long, short in ABBREVIATIONS.items() if long in folded]
    return " ".join([folded, *extra]).strip()


def search_terms(query: str) -> list[str]:
    """Folded words of a user's query; every word must match."""
    return [t for t in fold(query).split(" ") if t]


# --- Vietnamese collation -------------------------------------------------------------
# Letters in the order of the Vietnamese alphabet; ă, â, đ, ê, ô, ơ, ư are letters of
# their own. Tones are a secondary difference: ngang < huyền < hỏi < ngã < sắc < nặng,
# the dictionary order that ICU's "vi" tailoring also uses.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _primary_code(ch: str) -> int:
    if ch == " ":
        return 1
    if ch.isdigit():
        return 2 + int(ch)
    pos = _ALPHABET.find(ch)
    if pos >= 0:
        return 12 + pos
    return 99  # anything else sorts after letters


def sort_key(text: str) -> str:
    """A digits-only key that sorts text in Vietnamese order under any database collation.

    Digits only, because PostgreSQL's default locale collation ignores punctuation and
    case at the first level; a string of digits compares the same everywhere.
    """
    primary: list[str] = []
    tones: list[str] = []
    for raw in normalize(text).lower():
        if raw == "đ":
            base, tone = "đ", 0
        else:
            parts = unicodedata.normalize("NFD", raw)
            tone = 0
            kept = parts[0]
            for mark in parts[1:]:
                if mark in _TONES:
                    tone = _TONES[mark]
                elif mark in _LETTER_MARKS:
                    kept += mark
            base = unicodedata.normalize("NFC", kept)
        if not (base.isalnum() or base == " "):
            base = " "
        primary.append(f"{_primary_code(base):02d}")
        tones.append(str(tone))
    return "".join(primary) + "00" + "".join(tones)


# Research notes in the shipped data cite their sources by the data files' ids (S1, P8…); users see
# the record's own legal basis and source instead.
SOURCE_ID = re.compile(r"\b[SP]\d{1,2}\b")
_PURE_CITATION = re.compile(r"\s*\((?:\s*[SP]\d{1,2}\s*,?)+\)")
_VIETNAMESE_LETTER = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    """Split after ". ", "; ", "! ", "? " outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and ch in ".;!?" and (i + 1 == len(text) or text[i + 1].isspace()):
            out.append(text[start : i + 1].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def public_note(text: str) -> str:
    """The part of a data note a user may read: its Vietnamese sentences, without citations of the data
    files' source ids. A sentence that discusses the sources ("Split taken from S4…") is a working
    note and is left out, and so is one with no Vietnamese letter (an English research note)."""
    kept = []
    for sentence in _sentences(text.strip()):
        clean = _PURE_CITATION.sub("", sentence)
        if clean and not SOURCE_ID.search(clean) and _VIETNAMESE_LETTER.search(clean):
            kept.append(clean)
    return " ".join(kept).rstrip(";").strip()
