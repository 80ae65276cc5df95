"""The one way to write an audit record. Every domain service calls `audit_record`."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from thucthi.audit.models import AuditChainHead, AuditRecord

if TYPE_CHECKING:
    # Any user of the auth model: the audit chain sits below accounts and knows no domain app.
    from django.contrib.auth.base_user import AbstractBaseUser

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of a model's concrete fields, as the audit record stores them."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def _digest(record: AuditRecord) -> str:
    payload = {
        "seq": record.seq,
        "at": record.at.isoformat(),
        "actor_id": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "before": record.before,
        "after": record.after,
        "prev_hash": record.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
        record = AuditRecord(
            seq=head.count + 1,
            at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_label=actor.get_username() if actor is not None else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=str(obj)[:300] if obj is not None else "",
            before=_jsonable(before),
            after=_jsonable(after),
            prev_hash=head.last_hash,
        )
        record.hash = _digest(record)
        record.save()
        head.last_hash = record.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return record


@transaction.atomic
def save_audited(
    obj: models.Model, *, actor: AbstractBaseUser | None, action: str, fields: list[str], before: dict[str, Any],
    update_fields: list[str] | None = None,
) -> bool:
    """Save an edit of `obj` and audit it, if it changed anything: `before` is the snapshot of
    `fields` taken before the caller set them. An edit that changes nothing writes nothing."""
    after = snapshot(obj, fields)
    if before == after:
        return False
    obj.save(update_fields=update_fields or fields)
    audit_record(actor=actor, action=action, obj=obj, before=before, after=after)
    return True


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_verify(*, batch: int = 2000) -> VerifyResult:
    """Recompute the chain from the start; report the first record that does not fit."""
    prev = GENESIS
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditRecord.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for record in rows:
            if record.seq != last_seq + 1 or record.prev_hash != prev:
                return VerifyResult(False, checked, record.seq, gettext_noop("liên kết với bản ghi trước bị đứt"))
            if _digest(record) != record.hash:
                return VerifyResult(False, checked, record.seq, gettext_noop("nội dung đã bị sửa"))
            prev = record.hash
            checked += 1
            last_seq = record.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(False, checked, None, gettext_noop("bản ghi cuối chuỗi đã bị xóa"))
    return VerifyResult(True, checked)
