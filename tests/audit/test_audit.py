from __future__ import annotations

import ast
import datetime as dt
import itertools
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.architecture import sources
from tests.conftest import World
from tests.indicators.fixtures import enter, indicator_plan
from thucthi.accounts.models import ApiToken, User
from thucthi.accounts.policy import Action
from thucthi.accounts.selectors import audit_records
from thucthi.accounts.services import TOKEN_PREFIX, token_authenticate, token_create, user_set_password
from thucthi.audit.labels import ACTION_LABELS
from thucthi.audit.models import AppendOnlyError, AuditRecord
from thucthi.audit.services import audit_record, audit_verify
from thucthi.core import clock
from thucthi.indicators import services as indicator_services
from thucthi.orgs.services import unit_update_contact
from thucthi.tasks import services
from thucthi.tasks.models import Task


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


# --- the log is scoped like the rest (policy.audit_visibility) ------------------------------------


def _issued_task(world: World) -> Task:
    return services.task_create(
        actor=world.committee_office, title="Rà soát tiến độ giải ngân vốn đầu tư công", issuer=world.committee, lead_unit=world.finance,
        responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
        deadline=clock.today() + dt.timedelta(days=30), issue=True,
    )


def _seen(world: World, user: User) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """What `user` reads in the log: from the selector and from the API."""
    selected = {(r.object_type, r.object_id) for r in audit_records(user)}
    client = world.client_for(user)
    api = {(i["object_type"], i["object_id"]) for i in client.get("/api/v1/audit?limit=500").json()["items"]}
    return selected, api


def test_an_office_reads_the_records_of_its_own_province_only(world: World) -> None:
    task = _issued_task(world)
    unit_update_contact(actor=world.head, unit=world.finance, phone="0221 3862 000")
    ours = ("tasks.task", str(task.pk))
    finance = ("orgs.unit", str(world.finance.pk))
    for office in (world.committee_office, world.council_office):
        selected, api = _seen(world, office)
        assert {ours, finance} <= selected and {ours, finance} <= api
    for stranger in (world.other_office, world.other_council_office):
        selected, api = _seen(world, stranger)
        assert ours not in selected and finance not in selected
        assert ours not in api and finance not in api
        assert ("accounts.user", str(stranger.pk)) in selected, "its own province's records it reads"
    assert AuditRecord.objects.filter(object_type="tasks.task", object_id=str(task.pk)).count() == 2
    admin_selected, admin_api = _seen(world, world.admin)
    assert admin_selected == {(r.object_type, r.object_id) for r in AuditRecord.objects.all()}
    assert {ours, finance} <= admin_api


def test_the_web_log_of_another_provinces_office_shows_none_of_this_provinces_records(world: World) -> None:
    task = _issued_task(world)
    page = world.client_for(world.other_office).get("/audit/").content.decode()
    assert "Rà soát tiến độ giải ngân" not in page and f"tasks.task:{task.pk}" not in page
    own = world.client_for(world.committee_office).get("/audit/").content.decode()
    assert "Rà soát tiến độ giải ngân" in own


def test_an_office_never_reads_the_record_of_a_figure_not_yet_approved(world: World) -> None:
    indicator_plan(world)
    pending = enter(world, "BUDGET_REVENUE", "2020-H1", Decimal(7001))
    pending_key = ("indicators.actual", str(pending.pk))
    _, api = _seen(world, world.committee_office)
    assert pending_key not in api
    assert world.client_for(world.committee_office).get("/api/v1/actuals?state=entered").json()["count"] == 0
    indicator_services.actual_review(actor=world.head, actual=pending, approve=True)
    _, api = _seen(world, world.committee_office)
    assert pending_key in api, "once approved, the figure and its records are public to the province's office"
    _, admin_api = _seen(world, world.admin)
    assert pending_key in admin_api


def test_no_part_of_a_secret_goes_into_an_audit_record(world: World) -> None:
    secret = token_create(actor=world.officer, user=world.officer, name="máy chủ báo cáo")
    user_set_password(actor=world.officer, user=world.officer, password="mat-khau-moi-2026")
    written = json.dumps([[r.object_repr, r.before, r.after] for r in AuditRecord.objects.all()], ensure_ascii=False)
    body = secret.removeprefix(TOKEN_PREFIX)
    for start in range(len(body) - 5):
        assert body[start : start + 6] not in written, "six characters of the token's secret are in the log"
    assert "mat-khau-moi-2026" not in written
    world.officer.refresh_from_db()
    assert world.officer.password[:20] not in written


def test_every_recorded_action_has_a_name_for_people() -> None:
    """Every action code written in the source (a string like "tasks.task.issue" that is not a
    permission of the policy) has a label on the audit log's page."""
    code = re.compile(r"^(accounts|orgs|council|tasks|indicators)\.[a-z_]+\.[a-z_]+$")
    permissions = {a.value for a in Action}
    written = {
        node.value for src in sources() for node in ast.walk(src.tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and code.match(node.value)
    } - permissions
    written |= {f"council.session.{move}" for move in ("open", "close", "reopen")}  # written as an f-string
    assert sorted(written - set(ACTION_LABELS)) == []


def test_the_audit_log_shows_each_action_by_its_name(world: World) -> None:
    task = services.task_create(
        actor=world.committee_office, title="Rà soát dự toán", issuer=world.committee, lead_unit=world.finance,
        responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo", deadline=dt.date(2026, 12, 31),
        issue=True,
    )
    page = world.client_for(world.committee_office).get("/audit/").content.decode()
    assert task.pk and "Giao nhiệm vụ" in page and 'title="tasks.task.issue"' in page


def test_the_audit_log_pager_links_to_the_next_page_cleanly(world: World) -> None:
    """Issue 10: the pager wrote "?&page=2" when the page had no other query."""
    for i in range(60):
        audit_record(actor=world.admin, action="orgs.unit.update", obj=world.finance, before={"phone": str(i)}, after={"phone": str(i + 1)})
    page = world.client_for(world.admin).get("/audit/").content.decode()
    assert 'href="?page=2"' in page and "?&amp;page" not in page


def test_a_tokens_stored_prefix_is_its_public_identifier_and_no_part_of_its_secret(world: World) -> None:
    """Last review: the stored prefix held the secret's first characters."""
    secret = token_create(actor=world.officer, user=world.officer, name="máy chủ báo cáo")
    token = ApiToken.objects.get(user=world.officer)
    identifier, body = secret[:11], secret[12:]
    assert token.prefix == identifier and re.fullmatch(r"tt_[0-9a-f]{8}", token.prefix)
    assert len(body) >= 40 and body not in token.prefix and token.prefix[3:] not in body
    assert token_authenticate(secret) == world.officer and token_authenticate(identifier) is None
