"""Configuration checks, run by `thucthi check` (and by Django before serving)."""

from __future__ import annotations

import os
from typing import Any

import redis
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


@register(Tags.compatibility)
def var_dir_writable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    path = settings.VAR_DIR
    if not os.access(path, os.W_OK):
        return [Error(f"Thư mục dữ liệu {path} không ghi được.", hint="Đặt THUCTHI_VAR_DIR tới một thư mục ghi được.", id="thucthi.E001")]
    return []


def database_ready(alias: str = "default") -> list[CheckMessage]:
    """Reachable and migrated. Called by `thucthi check`, not registered: `migrate` itself
    runs the registered checks and must not warn about the migrations it is applying."""
    try:
        executor = MigrationExecutor(connections[alias])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return [Error(f"Không kết nối được cơ sở dữ liệu “{alias}”: {exc}".strip(), id="thucthi.E002")]
    if pending:
        return [Warning(f"Còn {len(pending)} bước cập nhật cơ sở dữ liệu chưa chạy.", hint="Chạy: thucthi migrate", id="thucthi.W001")]
    return []


@register(Tags.compatibility)
def job_queue_reachable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if "Redis" not in settings.HUEY.get("huey_class", ""):
        return []
    try:
        redis.Redis.from_url(settings.HUEY["url"], socket_connect_timeout=2).ping()
    except Exception as exc:
        return [Error(f"Không kết nối được Redis ({settings.HUEY['url']}): {exc}", hint="Kiểm tra REDIS_URL.", id="thucthi.E003")]
    return []


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.PRODUCTION:
        return []
    problems: list[CheckMessage] = []
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        problems.append(Warning("Môi trường production đang dùng SQLite.", hint="Đặt DATABASE_URL tới PostgreSQL.", id="thucthi.W002"))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        problems.append(Warning("Chưa cấu hình máy chủ thư (EMAIL_URL); thông báo chỉ ghi ra nhật ký.", id="thucthi.W003"))
    return problems

