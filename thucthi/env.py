"""Settings read from the environment, declared as data so they can be documented and checked.

Each setting has a help text; `docs/configuration.md` must list every one (a test checks).
A bad value stops the program with one clear sentence instead of a traceback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS: list[Setting] = [
    Setting("THUCTHI_ENV", "development", "`development` (demo defaults) or `production` (secrets required)."),
    Setting("THUCTHI_VAR_DIR", "var", "Folder for the embedded database, job queue, secrets and uploads."),
    Setting("DATABASE_URL", None, "Database URL; default: SQLite file `var/thucthi.sqlite3`. PostgreSQL: `postgres://user@host:5432/name`."),
    Setting("SECRET_KEY", None, "Django secret key. Required in production; in development one is generated into `var/secret_key`."),
    Setting("ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the app answers to."),
    Setting("CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://example.gov.vn) allowed to post forms behind a proxy."),
    Setting("REDIS_URL", "", "Redis URL for the job queue in production; empty: a SQLite-backed queue in `var/`."),
    Setting("EMAIL_URL", "", "SMTP server as `smtp://user:pass@host:port` (add `?tls=1` for STARTTLS); empty: e-mails are written to the log."),
    Setting("DEFAULT_FROM_EMAIL", "thucthi@localhost", "Sender address of notifications."),
    Setting("THUCTHI_LANGUAGE", "vi", "Default interface language: `vi` or `en`."),
    Setting("THUCTHI_DEBUG", "0", "1 shows Django's debug pages. Never in production."),
    Setting("THUCTHI_LOG_LEVEL", "INFO", "Log level of the application loggers."),
    Setting("THUCTHI_TASK_RETURN_DAYS", "3", "Working days after issue within which a unit may return a wrongly assigned task."),
    Setting("THUCTHI_REMINDER_DAYS", "3", "Working days before a deadline when the responsible person and the lead unit are reminded."),
    Setting("THUCTHI_ESCALATION_DAYS", "10", "Days overdue after which the issuing authority is alerted."),
    Setting("THUCTHI_INACTIVITY_DAYS", "30", "Default days without activity before a no-deadline task is flagged."),
    Setting("THUCTHI_ATTACHMENT_MAX_MB", "10", "Largest file, in megabytes, a unit may attach to a progress report."),
    Setting("THUCTHI_CLOCK_OFFSET_DAYS", "0", "Development and tests only: the application's clock reads this many days ahead (negative: behind). Refused in production."),
    Setting("THUCTHI_INDICATOR_THRESHOLDS", "", "Overrides of the indicator status thresholds as `name=value,…` (names and defaults in docs/indicators.md)."),
]
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    setting = _BY_NAME[name]
    value = os.environ.get(name)
    if value is None or value == "":
        return setting.default or ""
    return value


def get_bool(name: str) -> bool:
    value = get(name).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} không hợp lệ: dùng 1 hoặc 0 ({name} must be 1 or 0).")


def get_int(name: str, *, minimum: int = 0) -> int:
    value = get(name)
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} không hợp lệ: cần một số nguyên ≥ {minimum} ({name} must be an integer ≥ {minimum}).")
    return number


def get_list(name: str) -> list[str]:
    return [part.strip() for part in get(name).split(",") if part.strip()]


def get_pairs(name: str) -> dict[str, float]:
    """`a=0.95,b=0.5` → {"a": 0.95, "b": 0.5}; the names are checked where they are used."""
    out: dict[str, float] = {}
    for part in get_list(name):
        key, sep, value = part.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{name}: “{part}” không hợp lệ, cần dạng tên=số ({name} needs name=number pairs).")
    return out


def get_choice(name: str, choices: tuple[str, ...]) -> str:
    value = get(name)
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} không hợp lệ: chọn một trong {', '.join(choices)} ({name} must be one of them)."
        )
    return value


def var_dir() -> Path:
    path = Path(get("THUCTHI_VAR_DIR"))
    if not path.is_absolute():
        path = BASE_DIR / path
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(production: bool) -> str:
    value = get("SECRET_KEY")
    if value:
        if production and len(value) < 32:
            raise ImproperlyConfigured("SECRET_KEY quá ngắn: cần ít nhất 32 ký tự (SECRET_KEY must be at least 32 characters).")
        return value
    if production:
        raise ImproperlyConfigured(
            "Thiếu SECRET_KEY: môi trường production cần biến SECRET_KEY (SECRET_KEY is required when THUCTHI_ENV=production)."
        )
    path = var_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database(default_path: Path) -> dict[str, Any]:
    url = get("DATABASE_URL") or f"sqlite:///{default_path}"
    scheme = url.split(":", 1)[0]
    if "://" not in url or scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL không hợp lệ: {_redact(url)!r} — dùng sqlite:///đường/dẫn hoặc postgres://người-dùng@máy:5432/tên "
            "(DATABASE_URL must be sqlite:///path or postgres://user@host:5432/name)."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # the parser's own message is English and technical
        raise ImproperlyConfigured(
            f"DATABASE_URL không đọc được: {_redact(url)!r} ({exc})."
        ) from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets the web server read while the worker writes; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock between two writers.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL thiếu tên cơ sở dữ liệu: {_redact(url)!r} (DATABASE_URL names no database)."
        )
    return config


def email(url: str) -> dict[str, Any]:
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme != "smtp" or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL không hợp lệ: {_redact(url)!r} — dùng smtp://người-dùng:mật-khẩu@máy:cổng (EMAIL_URL must be smtp://user:pass@host:port)."
        )
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] == "1",
    }


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


