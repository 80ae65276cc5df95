"""How API callers identify themselves: a bearer token, the browser session, or nobody."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from thucthi.accounts.models import User
from thucthi.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "Mã truy cập cấp bằng `thucthi token create TÊN` hoặc trang Tài khoản / API token"

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = token_authenticate(token)
        if user is None:
            # A wrong token is an error, not a silent fall-back to public access.
            raise AuthenticationError(401, "Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
        request.user = user
        return user


class PublicAccess:
    """Lets anonymous readers through; the view asks the policy what they may see."""

    openapi_type = "http"

    def __call__(self, request: HttpRequest) -> Any:
        return request.user if request.user.is_authenticated else AnonymousUser()


AUTH_REQUIRED: list[Any] = [TokenAuth(), SessionAuth()]
AUTH_PUBLIC: list[Any] = [TokenAuth(), SessionAuth(), PublicAccess()]


def caller(request: HttpRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, (User, AnonymousUser)) else AnonymousUser()
