"""The six clears ("6 rõ": rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ thẩm quyền,
rõ sản phẩm). A task missing any of them can be saved only as a draft.

Basis: the Government's and provinces' working rules require every assigned task to name who,
what, by when, which unit is responsible, who has authority, and what product is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thucthi.tasks.models import DeadlineKind


@dataclass(frozen=True)
class Clear:
    key: str
    label: Promise
    hint: Promise


CLEARS = (
    Clear("person", _("Rõ người"), _("chọn người chịu trách nhiệm")),
    Clear("work", _("Rõ việc"), _("ghi nội dung nhiệm vụ cụ thể")),
    Clear("time", _("Rõ thời gian"), _("đặt thời hạn, hoặc ghi rõ lý do không thời hạn và số ngày cảnh báo")),
    Clear("responsibility", _("Rõ trách nhiệm"), _("chọn cơ quan chủ trì")),
    Clear("authority", _("Rõ thẩm quyền"), _("chọn cơ quan giao và cơ quan công nhận hoàn thành")),
    Clear("product", _("Rõ sản phẩm"), _("ghi sản phẩm phải nộp")),
)


def check(fields: dict[str, Any]) -> list[Clear]:
    """The clears that `fields` (a task's values) leave missing, in the canonical order."""
    kind = fields.get("deadline_kind") or DeadlineKind.DATE
    time_ok = {
        DeadlineKind.DATE: fields.get("deadline") is not None,
        DeadlineKind.WORKING_DAYS: bool(fields.get("working_days")),
        DeadlineKind.RECURRING: bool(fields.get("recurrence")),
        DeadlineKind.NONE: bool((fields.get("no_deadline_reason") or "").strip()) and bool(fields.get("inactivity_days")),
    }.get(kind, False)
    present = {
        "person": fields.get("responsible") is not None,
        "work": len((fields.get("title") or "").strip()) >= 10,
        "time": time_ok,
        "responsibility": fields.get("lead_unit") is not None,
        "authority": fields.get("issuer") is not None and fields.get("accepting_unit") is not None,
        "product": bool((fields.get("expected_product") or "").strip()),
    }
    return [c for c in CLEARS if not present[c.key]]
