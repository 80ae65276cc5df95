"""Writes on accounts. Every function takes the acting user and leaves an audit record."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from thucthi.accounts.models import ApiToken, Role, User
from thucthi.accounts.policy import Action, grants_superuser, needs_unit, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.orgs.models import Person, Unit

TOKEN_PREFIX = "tt_"  # noqa: S105 (a visible prefix, not a secret)
_USER_FIELDS = ["username", "full_name", "email", "role", "unit_id", "person_id", "is_active", "is_superuser"]


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, actor: User | None, user: User, name: str = "api") -> str:
    """Create a token for `user` and return its secret; only the digest is kept."""
    if actor is not None and actor.pk != user.pk:
        require(actor, Action.TOKEN_CREATE_ANY)
    elif actor is not None:
        require(actor, Action.TOKEN_CREATE_OWN)
    if not user.is_active:
        raise DomainError("Tài khoản đã bị khóa, không thể cấp mã truy cập.")
    # The token opens with a public identifier (shown on the account page to tell tokens apart)
    # and goes on with the secret; only the identifier is stored as it is, never a part of the secret.
    public_id = TOKEN_PREFIX + secrets.token_hex(4)
    secret = f"{public_id}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name[:80], prefix=public_id, digest=token_digest(secret))
    audit_record(actor=actor, action="accounts.token.create", obj=token, after={"user": user.username, "name": token.name})
    return secret


def token_authenticate(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    email: str = "",
    unit: Unit | None = None,
) -> User:
    if actor is not None:
        require(actor, Action.USER_MANAGE)
    if User.objects.filter(username=username).exists():
        raise DomainError(f"Tên đăng nhập “{username}” đã có.", field="username")
    if needs_unit(role) and unit is None:
        raise DomainError("Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị.", field="unit")
    user = User(username=username, full_name=full_name, email=email, role=role, unit=unit)
    user.is_superuser = user.is_staff = grants_superuser(role)
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="accounts.user.create", obj=user, after=snapshot(user, _USER_FIELDS))
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> None:
    if actor is not None and actor.pk != user.pk:
        require(actor, Action.USER_MANAGE)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The audit says that the password changed, never what it is.
    audit_record(actor=actor, action="accounts.user.set_password", obj=user)


@transaction.atomic
def user_link_person(*, actor: User | None, user: User, person: Person) -> User:
    """Say which person an account belongs to (tasks name people, not accounts)."""
    if actor is not None and actor.pk != user.pk:
        require(actor, Action.USER_MANAGE)
    before = {"person_id": user.person_id}
    user.person = person
    user.save(update_fields=["person"])
    audit_record(actor=actor, action="accounts.user.link_person", obj=user, before=before, after={"person_id": person.pk})
    return user
