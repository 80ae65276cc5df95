"""REST API v1. Thin: validate input, call a selector or service, shape the output."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja import NinjaAPI, Status
from ninja.renderers import JSONRenderer

import thucthi
from thucthi.api import errors
from thucthi.api.schemas import (
    ErrorOut,
    HealthOut,
)


class Utf8Renderer(JSONRenderer):
    """Vietnamese stays readable in responses instead of backslash-u escapes."""

    def __init__(self) -> None:
        self.json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8Renderer(),
    title="Thực Thi API",
    version="1",
    description=(
        "API của Thực Thi: đơn vị hành chính, cơ quan, nhân sự, nhật ký kiểm toán. "
        "Xác thực bằng mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập. "
        "Dữ liệu công khai đọc được không cần đăng nhập."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
errors.install(api)

from thucthi.api.orgs import router as orgs_router  # noqa: E402 (the api object must exist first)

api.add_router("", orgs_router)

from thucthi.api.accounts import router as accounts_router  # noqa: E402

api.add_router("", accounts_router)

from thucthi.api.tasks import router as tasks_router  # noqa: E402

api.add_router("/tasks", tasks_router)

from thucthi.api.scorecards import router as scorecards_router  # noqa: E402

api.add_router("/scorecards", scorecards_router)

from thucthi.api.council import router as council_router  # noqa: E402

api.add_router("", council_router)

from thucthi.api.indicators import router as indicators_router  # noqa: E402

api.add_router("", indicators_router)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@api.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None, tags=["system"], summary="Tình trạng hệ thống")
def health(request: HttpRequest) -> Status[dict[str, Any]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ok = True
    except Exception:
        ok = False
    backend = "redis" if "Redis" in settings.HUEY.get("huey_class", "") else "sqlite"
    body = {
        "status": "ok" if ok else "error", "version": thucthi.__version__,
        "database": {"vendor": connection.vendor, "ok": ok}, "jobs_backend": backend,
    }
    return Status(200 if ok else 503, body)
