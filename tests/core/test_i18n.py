"""The English catalogue: complete, compiled, and actually loaded.

Vietnamese texts are the msgids; English lives in thucthi/locale/en/LC_MESSAGES/django.po and
its compiled django.mo (checked in, so machines without GNU gettext still get English).
After changing a Vietnamese text run `make messages`, translate, and commit both files.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE / "django.po"
MO_FILE = CATALOGUE / "django.mo"

# How gettext keys a catalogue: plain msgid, "context\x04msgid", (msgid, plural index).
Key = str | tuple[str, int]


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def base_key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    def catalogue(self) -> dict[Key, str]:
        if self.msgid_plural is None:
            return {self.base_key: self.msgstr.get(0, "")}
        return {(self.base_key, n): text for n, text in self.msgstr.items()}

    def label(self) -> str:
        return f"django.po:{self.line}: {self.msgid!r}"


class _Catalogue(gettext.GNUTranslations):
    _catalog: dict[Key, str]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{\w+\}")


def _po_string(literal: str) -> str:
    """A PO string literal uses C escapes, which a Python literal reads the same way."""
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """Enough of the PO format for django.po: flags, context, plurals, multi-line strings.

    Obsolete entries (`#~`) are skipped: gettext does not compile them.
    """
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if target is not None and target[0] == "msgstr":  # a comment after an entry starts the next
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith('"'):
            assert target is not None, f"django.po:{number}: continuation line without a keyword"
            text = _po_string(line)
            kind, index = target
            if kind == "msgid":
                entry.msgid += text
            elif kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + text
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            else:
                entry.msgstr[index] += text
        else:
            match = _KEYWORD.match(line)
            assert match, f"django.po:{number}: cannot parse {raw!r}"
            keyword, index_text, literal = match.groups()
            if keyword in {"msgctxt", "msgid"} and target is not None and target[0] == "msgstr":
                finish()
            text = _po_string(literal)
            if keyword == "msgctxt":
                entry.msgctxt = text
                entry.line = entry.line or number
                target = ("msgctxt", 0)
            elif keyword == "msgid":
                entry.msgid = text
                entry.line = entry.line or number
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural = text
                target = ("msgid_plural", 0)
            else:
                index = int(index_text) if index_text is not None else 0
                entry.msgstr[index] = text
                target = ("msgstr", index)
    finish()
    return entries


def messages() -> list[Entry]:
    return [entry for entry in parse_po(PO_FILE) if not entry.is_header]


def test_the_catalogue_exists_and_has_messages() -> None:
    assert PO_FILE.is_file(), f"{PO_FILE} is missing: run `make messages`"
    assert MO_FILE.is_file(), f"{MO_FILE} is missing: run `make messages`"
    assert len(messages()) > 100


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = parse_po(PO_FILE)
    fuzzy = [entry.label() for entry in entries if "fuzzy" in entry.flags]
    untranslated = [
        entry.label()
        for entry in entries
        if not entry.is_header
        and (
            not entry.msgstr
            or any(not text.strip() for text in entry.msgstr.values())
            or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
        )
    ]
    assert not fuzzy, "fuzzy entries (check the English, then drop the flag):\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_translations_keep_every_placeholder() -> None:
    wrong = []
    for entry in messages():
        expected = sorted(_PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr.values():
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{entry.label()} -> {text!r}")
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_english_is_loaded_at_runtime() -> None:
    with override("en"):
        assert _("Đơn vị") == "Unit"
        assert pgettext("menu", "Đơn vị") == "Units"
        assert _("Nhật ký kiểm toán") == "Audit log"
        assert _("Hội đồng nhân dân") == "People's Council"
        assert ngettext("%(n)s kết quả", "%(n)s kết quả", 1) % {"n": 1} == "1 result"
        assert ngettext("%(n)s kết quả", "%(n)s kết quả", 2) % {"n": 2} == "2 results"
    with override("vi"):
        assert _("Đơn vị") == "Đơn vị"


def test_the_compiled_catalogue_matches_the_po() -> None:
    """A .mo left behind after editing the .po would silently show old or Vietnamese texts."""
    with MO_FILE.open("rb") as handle:
        compiled = _Catalogue(handle)._catalog
    compiled = {key: text for key, text in compiled.items() if key != ""}
    source: dict[Key, str] = {}
    for entry in messages():
        source.update(entry.catalogue())
    missing = sorted(repr(key) for key in source.keys() - compiled.keys())
    extra = sorted(repr(key) for key in compiled.keys() - source.keys())
    assert not missing and not extra, (
        "django.mo is out of date; run `make messages` (or `thucthi compilemessages -l en` in thucthi/).\n"
        f"in .po but not .mo: {missing}\nin .mo but not .po: {extra}"
    )
    changed = sorted(repr(key) for key in source if compiled[key] != source[key])
    assert not changed, f"django.mo has other English than django.po for: {changed}; recompile it"
