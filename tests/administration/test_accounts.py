"""Accounts in the administration pages: list, create with a one-time password, edit, lock with a reason, reset a password."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, World
from thucthi.accounts.models import ApiToken, Role, User
from thucthi.accounts.policy import PermissionDenied
from thucthi.accounts.services import token_create, user_open, user_reset_password, user_set_active, user_update
from thucthi.audit.models import AuditRecord
from thucthi.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_the_admin_finds_accounts_by_name_role_and_state(world: World) -> None:
    client = world.client_for(world.admin)
    page = client.get("/administration/accounts/", {"q": "dung"}).content.decode()
    assert "dung" in page and "khanh" not in page
    page = client.get("/administration/accounts/", {"role": Role.UNIT_HEAD.value, "unit": str(world.finance.pk)}).content.decode()
    assert ">hoa<" in page and ">khanh<" not in page
    world.officer.is_active = False
    world.officer.save()
    page = client.get("/administration/accounts/", {"active": "0"}).content.decode()
    assert ">dung<" in page and ">hoa<" not in page


def test_creating_an_account_shows_a_one_time_password_once_and_audits(world: World) -> None:
    client = world.client_for(world.admin)
    response = client.post(
        "/administration/accounts/new/",
        {
            "username": "thu.tc",
            "full_name": "Nguyễn Thị Thu",
            "email": "thu@example.vn",
            "role": Role.UNIT_OFFICER,
            "unit": world.finance.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="one-time-password"' in page
    user = User.objects.get(username="thu.tc")
    password = page.split('id="one-time-password">')[1].split("<")[0]
    assert user.check_password(password) and user.unit == world.finance
    assert Client().login(username="thu.tc", password=password)
    record = AuditRecord.objects.get(action="accounts.user.create", object_id=str(user.pk))
    assert record.actor_id == world.admin.pk and password not in str(record.after)


def test_a_bad_account_form_keeps_what_was_typed_and_shows_every_error(world: World) -> None:
    client = world.client_for(world.admin)
    response = client.post(
        "/administration/accounts/new/", {"username": "có dấu", "full_name": "", "email": "x@", "role": Role.UNIT_OFFICER}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập chỉ gồm" in page and "Cần nhập họ và tên." in page and "Thư điện tử không hợp lệ." in page
    assert 'value="có dấu"' in page
    response = client.post("/administration/accounts/new/", {"username": "moi", "full_name": "Người Mới", "role": Role.UNIT_HEAD})
    assert "Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị." in response.content.decode()
    response = client.post("/administration/accounts/new/", {"username": "DUNG", "full_name": "Trùng", "role": Role.DELEGATE})
    assert "đã có" in response.content.decode()
    assert not User.objects.filter(username__in=["moi", "DUNG"]).exists()


def test_a_closed_unit_cannot_be_chosen_for_a_new_account(world: World) -> None:
    response = world.client_for(world.admin).post(
        "/administration/accounts/new/",
        {
            "username": "khdt",
            "full_name": "Cán Bộ",
            "role": Role.UNIT_OFFICER,
            "unit": world.planning.pk,
        },
    )
    assert "Chọn một đơn vị đang hoạt động." in response.content.decode()
    assert not User.objects.filter(username="khdt").exists()


def test_the_admin_changes_role_unit_and_email(world: World) -> None:
    response = world.client_for(world.admin).post(
        f"/administration/accounts/{world.officer.pk}/",
        {
            "full_name": "Dung Mới",
            "email": "dung@example.vn",
            "role": Role.UNIT_HEAD,
            "unit": world.health.pk,
        },
    )
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert (world.officer.role, world.officer.unit, world.officer.email) == (Role.UNIT_HEAD, world.health, "dung@example.vn")
    record = AuditRecord.objects.get(action="accounts.user.update")
    assert record.before is not None and record.after is not None
    assert record.before["role"] == Role.UNIT_OFFICER and record.after["role"] == Role.UNIT_HEAD


def test_an_admin_cannot_take_away_their_own_administration(world: World) -> None:
    with pytest.raises(DomainError, match="chính mình"):
        user_update(actor=world.admin, user=world.admin, full_name="Alice", email="", role=Role.DELEGATE, unit=world.council)


def test_locking_needs_a_reason_revokes_tokens_and_never_deletes(world: World) -> None:
    token_create(actor=world.officer, user=world.officer)
    client = world.client_for(world.admin)
    assert "Cần ghi lý do." in client.post(f"/administration/accounts/{world.officer.pk}/lock/", {"reason": ""}).content.decode()
    world.officer.refresh_from_db()
    assert world.officer.is_active
    response = client.post(f"/administration/accounts/{world.officer.pk}/lock/", {"reason": "Chuyển công tác"})
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert not world.officer.is_active
    assert not ApiToken.objects.filter(user=world.officer, revoked_at__isnull=True).exists()
    after = AuditRecord.objects.get(action="accounts.user.deactivate").after
    assert after is not None and after["reason"] == "Chuyển công tác"
    client.post(f"/administration/accounts/{world.officer.pk}/lock/", {"reason": "Trở lại"})
    world.officer.refresh_from_db()
    assert world.officer.is_active
    with pytest.raises(DomainError):
        user_set_active(actor=world.admin, user=world.admin, active=False, reason="thử")


def test_reset_password_generated_or_typed_twice(world: World) -> None:
    client = world.client_for(world.admin)
    page = client.post(f"/administration/accounts/{world.officer.pk}/password/", {}).content.decode()
    password = page.split('id="one-time-password">')[1].split("<")[0]
    world.officer.refresh_from_db()
    assert world.officer.check_password(password)
    page = client.post(
        f"/administration/accounts/{world.officer.pk}/password/", {"password1": "mot-hai-ba-bon", "password2": "khac"}
    ).content.decode()
    assert "Hai lần nhập mật khẩu không khớp." in page
    page = client.post(
        f"/administration/accounts/{world.officer.pk}/password/", {"password1": "ngan", "password2": "ngan"}
    ).content.decode()
    assert "ít nhất 10 ký tự" in page
    client.post(
        f"/administration/accounts/{world.officer.pk}/password/", {"password1": "mot-hai-ba-bon", "password2": "mot-hai-ba-bon"}
    )
    world.officer.refresh_from_db()
    assert world.officer.check_password("mot-hai-ba-bon")
    assert AuditRecord.objects.filter(action="accounts.user.reset_password").count() == 2


def test_only_the_administrator_manages_accounts(world: World) -> None:
    for persona in (world.committee_office, world.council_office, world.head):
        assert world.client_for(persona).get("/administration/accounts/").status_code == 403
        with pytest.raises(PermissionDenied):
            user_reset_password(actor=persona, user=world.officer)


def test_the_navigation_shows_administration_to_those_who_run_part_of_it(world: World) -> None:
    assert "/administration/" in world.client_for(world.admin).get("/").content.decode()
    assert "/administration/" in world.client_for(world.council_office).get("/").content.decode()
    assert "/administration/" not in world.client_for(world.officer).get("/").content.decode()
    page = world.client_for(world.council_office).get("/administration/").content.decode()
    assert "/administration/terms/" in page and "/administration/accounts/" not in page


def test_choosing_a_province_lists_its_bodies_and_keeps_what_was_typed(world: World) -> None:
    client = world.client_for(world.admin)
    page = client.post(
        "/administration/accounts/new/",
        {
            "username": "giu.lai",
            "full_name": "",
            "role": Role.UNIT_OFFICER,
            "province": world.other_province.pk,
            "step": "narrow",
        },
    ).content.decode()
    assert 'value="giu.lai"' in page and "Cần nhập họ và tên." not in page
    assert "Sở Tài chính tỉnh Lân Cận" in page and "Sở Y tế tỉnh Thử Nghiệm" not in page
    assert not User.objects.filter(username="giu.lai").exists()


def test_a_user_changes_their_own_password_and_stays_signed_in(world: World) -> None:
    client = world.client_for(world.officer)
    assert "/account/password/" in client.get("/account/").content.decode()
    page = client.post(
        "/account/password/", {"old_password": "sai", "new_password1": "123", "new_password2": "456"}
    ).content.decode()
    assert 'class="field-error"' in page
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "doi-mat-khau-2027", "new_password2": "doi-mat-khau-2027"},
    )
    assert response.status_code == 302 and client.get("/account/").status_code == 200
    world.officer.refresh_from_db()
    assert world.officer.check_password("doi-mat-khau-2027")
    assert AuditRecord.objects.get(action="accounts.user.set_password").actor_id == world.officer.pk


def test_a_password_given_by_the_administrator_must_be_changed_before_anything_else(world: World) -> None:
    _, password = user_open(
        actor=world.admin, username="moi.vao", role=Role.UNIT_OFFICER, full_name="Người Mới", unit=world.finance
    )
    client = Client()
    assert client.login(username="moi.vao", password=password)
    response = client.get("/tasks/")
    assert response.status_code == 302 and response["Location"] == "/account/password/"
    assert "mật khẩu do quản trị viên cấp" in client.get("/account/password/").content.decode()
    client.post(
        "/account/password/",
        {"old_password": password, "new_password1": "cua-rieng-toi-2027", "new_password2": "cua-rieng-toi-2027"},
    )
    assert client.get("/tasks/").status_code == 200
    user = User.objects.get(username="moi.vao")
    assert not user.must_change_password
    user_reset_password(actor=world.admin, user=user)
    user.refresh_from_db()
    assert user.must_change_password
