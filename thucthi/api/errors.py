"""Error responses in Vietnamese: every refusal says what was wrong, never a bare 500."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thucthi.accounts.policy import PermissionDenied
from thucthi.core.errors import DomainError

_MESSAGES = {
    "date_from_datetime_parsing": "ngày không hợp lệ, dùng dạng YYYY-MM-DD (ví dụ 2020-07-15)",
    "date_parsing": "ngày không hợp lệ, dùng dạng YYYY-MM-DD (ví dụ 2020-07-15)",
    "date_type": "ngày không hợp lệ, dùng dạng YYYY-MM-DD (ví dụ 2020-07-15)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "greater_than_equal": "nhỏ hơn giá trị cho phép",
    "less_than_equal": "lớn hơn giá trị cho phép",
    "missing": "thiếu tham số bắt buộc",
    "string_too_long": "quá dài",
    "string_too_short": "quá ngắn",
    "json_invalid": "nội dung JSON không hợp lệ",
}


class UnknownParameters(Exception):
    def __init__(self, names: list[str], allowed: list[str]) -> None:
        super().__init__(names)
        self.names = names
        self.allowed = allowed


def _describe(error: dict[str, Any]) -> dict[str, Any]:
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path", "filters")]
    kind = str(error.get("type", ""))
    if kind in ("enum", "literal_error"):
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"giá trị không hợp lệ, chọn một trong: {expected}".rstrip(": ")
    else:
        message = _MESSAGES.get(kind, "giá trị không hợp lệ")
    return {"param": ".".join(loc), "message": message, "type": kind}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [_describe(e) for e in exc.errors]
        detail = "; ".join(f"{e['param']}: {e['message']}" if e["param"] else e["message"] for e in errors)
        return api.create_response(request, {"detail": f"Tham số không hợp lệ — {detail}.", "errors": errors}, status=422)

    @api.exception_handler(UnknownParameters)
    def unknown(request: HttpRequest, exc: UnknownParameters) -> HttpResponse:
        detail = f"Tham số không được hỗ trợ: {', '.join(exc.names)}. Dùng: {', '.join(exc.allowed)}."
        errors = [{"param": n, "message": "tham số không được hỗ trợ", "type": "unknown_parameter"} for n in exc.names]
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"param": exc.field or "", "message": exc.message, "type": "domain"}]
        return api.create_response(request, {"detail": exc.message, "errors": errors}, status=422)

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        status = 403 if request.user.is_authenticated else 401
        return api.create_response(request, {"detail": str(exc)}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message and exc.message != "Unauthorized" else "Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer …)."
        return api.create_response(request, {"detail": message}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


def reject_unknown(request: HttpRequest, allowed: list[str]) -> None:
    names = sorted(set(request.GET) - set(allowed))
    if names:
        raise UnknownParameters(names, allowed)
