from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.conftest import World
from thucthi.cli.main import main, usage


def test_it_explains_every_command_in_vietnamese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["thucthi", "--help"]) == 0
    out = capsys.readouterr().out
    for command in ("serve", "demo", "reference load", "audit verify", "check", "token create USERNAME", "bench units"):
        assert command in out
    assert "Nạp hoặc làm mới dữ liệu mẫu" in out and "Load or refresh the demo data" in out
    assert out.strip() == usage()


def test_it_prints_a_token_that_the_api_accepts(world: World, capsys: pytest.CaptureFixture[str], client: Client) -> None:
    call_command("token", "create", "dung")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("tt_")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["username"] == "dung"


def test_it_refuses_a_token_for_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("token", "create", "nobody")


def test_it_reports_a_healthy_configuration(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("check")
    assert "Cấu hình hợp lệ" in capsys.readouterr().out
