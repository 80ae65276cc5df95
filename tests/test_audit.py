from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import World
from thucthi.audit.models import AppendOnlyError, AuditRecord
from thucthi.audit.services import audit_record, audit_verify
from thucthi.orgs.services import unit_update_contact


def test_it_records_who_what_before_and_after(world: World) -> None:
    unit_update_contact(actor=world.head, unit=world.finance, phone="0221 3862 000")
    record = AuditRecord.objects.filter(action="orgs.unit.update_contact").get()
    assert record.actor == world.head and record.actor_label == "hoa"
    assert record.object_type == "orgs.unit" and record.object_id == str(world.finance.pk)
    assert record.before == {"address": "", "phone": "", "email": "", "website": ""}
    assert record.after is not None and record.after["phone"] == "0221 3862 000"


def test_it_writes_nothing_when_nothing_changed(world: World) -> None:
    before = AuditRecord.objects.count()
    unit_update_contact(actor=world.head, unit=world.finance, phone="")
    assert AuditRecord.objects.count() == before


def test_it_chains_each_record_to_the_previous(world: World) -> None:
    records = list(AuditRecord.objects.order_by("seq"))
    assert len(records) >= 2
    for previous, record in itertools.pairwise(records):
        assert record.prev_hash == previous.hash
        assert record.seq == previous.seq + 1
    assert audit_verify().ok


def test_it_refuses_to_update_or_delete_through_the_orm(world: World) -> None:
    record = AuditRecord.objects.first()
    assert record is not None
    record.action = "forged"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_it_detects_a_record_edited_directly_in_the_database(world: World) -> None:
    target = AuditRecord.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET actor_label = %s WHERE id = %s", ["mallory", target.pk])
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == target.seq
    assert result.checked == target.seq - 1
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_it_detects_a_record_removed_from_the_middle_or_the_end(world: World) -> None:
    last = AuditRecord.objects.order_by("-seq").first()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [last.pk])
    assert not audit_verify().ok
    audit_record(actor=None, action="test.after_removal", object_type="test", object_id="1")
    result = audit_verify()
    assert not result.ok


def test_it_passes_the_command_on_an_intact_chain(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit", "verify")
    assert "toàn vẹn" in capsys.readouterr().out
