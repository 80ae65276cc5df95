from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from thucthi import env

ROOT = Path(__file__).resolve().parents[2]


def test_it_refuses_a_database_url_of_an_unknown_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL không hợp lệ"):
        env.database(Path("/tmp/x.sqlite3"))


def test_it_hides_the_password_when_refusing_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "oracle://scott:tiger@db/x")
    with pytest.raises(ImproperlyConfigured) as info:
        env.database(Path("/tmp/x.sqlite3"))
    assert "tiger" not in str(info.value)


def test_it_requires_a_secret_key_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Thiếu SECRET_KEY"):
        env.secret_key(production=True)


def test_it_generates_and_keeps_a_development_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("THUCTHI_VAR_DIR", str(tmp_path))
    first = env.secret_key(production=False)
    assert len(first) >= 50
    assert env.secret_key(production=False) == first


def test_it_refuses_a_malformed_email_url() -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL không hợp lệ"):
        env.email("http://mail.example")


def _cli(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "THUCTHI_ENV")}
    environment.update(extra_env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=environment, timeout=120, check=False)


def test_it_exits_with_one_clear_sentence_on_a_malformed_database_url(tmp_path: Path) -> None:
    result = _cli("check", DATABASE_URL="postgres//broken", THUCTHI_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_it_exits_when_production_has_no_secret(tmp_path: Path) -> None:
    result = _cli("check", THUCTHI_ENV="production", THUCTHI_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("thucthi: Thiếu SECRET_KEY")


def test_indicator_thresholds_are_checked_at_start(tmp_path: Path) -> None:
    bad_pair = _cli("check", THUCTHI_INDICATOR_THRESHOLDS="on_track", THUCTHI_VAR_DIR=str(tmp_path))
    assert bad_pair.returncode == 2 and "THUCTHI_INDICATOR_THRESHOLDS" in bad_pair.stderr and "Traceback" not in bad_pair.stderr
    unknown = _cli("check", THUCTHI_INDICATOR_THRESHOLDS="speed=2", THUCTHI_VAR_DIR=str(tmp_path))
    assert unknown.returncode != 0 and "thucthi.E004" in unknown.stderr
    fine = _cli("check", THUCTHI_INDICATOR_THRESHOLDS="growth_on_track=0.9", THUCTHI_VAR_DIR=str(tmp_path))
    assert fine.returncode == 0, fine.stderr
