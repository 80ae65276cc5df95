"""Writes on accounts. Every function takes the acting user and leaves an audit record."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from thucthi.accounts.models import ApiToken, Role, User
from thucthi.accounts.policy import Action, grants_superuser, needs_unit, require
from thucthi.audit.services import audit_record, save_audited, snapshot
from thucthi.core import clock
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


# --- Administration in the web UI -----------------------------------------------------------------

ONE_TIME_PASSWORD_LENGTH = 14
MIN_PASSWORD_LENGTH = 10


def one_time_password() -> str:
    """A password for someone to sign in once and change: letters and digits easy to read aloud
    (no 0/O, 1/l/I)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(ONE_TIME_PASSWORD_LENGTH))


def _check_account_fields(*, role: str, unit: Unit | None, email: str) -> None:
    if needs_unit(role) and unit is None:
        raise DomainError("Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị.", field="unit")
    if unit is not None and not unit.is_valid_on(clock.today()):
        raise DomainError(f"“{unit}” không còn hiệu lực; hãy chọn đơn vị đang hoạt động.", field="unit")
    if email and User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"Thư điện tử “{email}” đã dùng cho tài khoản khác.", field="email")


@transaction.atomic
def user_open(
    *, actor: User, username: str, role: Role, full_name: str, email: str = "", unit: Unit | None = None,
) -> tuple[User, str]:
    """Open an account from the administration page: a one-time password is generated and
    returned (shown once, never stored in clear). The account is created through `user_create`."""
    require(actor, Action.USER_MANAGE)
    username = username.strip()
    if not username:
        raise DomainError("Cần nhập tên đăng nhập.", field="username")
    if not full_name.strip():
        raise DomainError("Cần nhập họ và tên.", field="full_name")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập “{username}” đã có.", field="username")
    _check_account_fields(role=role, unit=unit, email=email.strip())
    password = one_time_password()
    user = user_create(actor=actor, username=username, password=password, role=role, full_name=full_name.strip(),
                       email=email.strip(), unit=unit)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    return user, password


@transaction.atomic
def user_update(*, actor: User, user: User, full_name: str, email: str, role: Role, unit: Unit | None) -> User:
    """Change an account's name, e-mail, role and unit."""
    require(actor, Action.USER_MANAGE)
    locked = User.objects.select_for_update().get(pk=user.pk)
    email = email.strip()
    if not full_name.strip():
        raise DomainError("Cần nhập họ và tên.", field="full_name")
    # The unit it already has may have closed since: keeping it is not choosing it.
    kept = unit is not None and unit.pk == locked.unit_id
    _check_account_fields(role=role, unit=None if kept else unit, email="")
    if needs_unit(role) and unit is None:
        raise DomainError("Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị.", field="unit")
    if email and User.objects.filter(email__iexact=email).exclude(pk=locked.pk).exists():
        raise DomainError(f"Thư điện tử “{email}” đã dùng cho tài khoản khác.", field="email")
    if locked.pk == actor.pk and not grants_superuser(role):
        raise DomainError("Không tự bỏ quyền quản trị của chính mình; hãy nhờ quản trị viên khác.", field="role")
    before = snapshot(locked, _USER_FIELDS)
    locked.full_name, locked.email, locked.role, locked.unit = full_name.strip(), email, role, unit
    locked.is_superuser = locked.is_staff = grants_superuser(role)
    save_audited(locked, actor=actor, action="accounts.user.update", fields=_USER_FIELDS, before=before,
                 update_fields=["full_name", "email", "role", "unit", "is_superuser", "is_staff"])
    return locked


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    """Lock or unlock an account, with the reason on the record. Accounts are never deleted: the
    audit trail and the tasks keep naming who did what."""
    require(actor, Action.USER_MANAGE)
    reason = reason.strip()
    if not reason:
        raise DomainError("Cần ghi lý do.", field="reason")
    if user.pk == actor.pk and not active:
        raise DomainError("Không tự khóa tài khoản của chính mình.", field="reason")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active == active:
        raise DomainError("Tài khoản đang mở." if active else "Tài khoản đã bị khóa.")
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=locked, revoked_at__isnull=True).update(revoked_at=clock.now())
    audit_record(actor=actor, action="accounts.user.activate" if active else "accounts.user.deactivate", obj=locked,
                 before={"is_active": not active}, after={"is_active": active, "reason": reason})
    return locked


@transaction.atomic
def user_reset_password(*, actor: User, user: User, password: str = "") -> str:
    """Give an account a new password: the one typed (twice, checked by the form) or, when none is
    given, a generated one-time password, returned to be shown once."""
    require(actor, Action.USER_MANAGE)
    if password and len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.", field="password")
    new = password or one_time_password()
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(new)
    locked.must_change_password = True
    locked.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="accounts.user.reset_password", obj=locked, after={"generated": not password})
    return new


@transaction.atomic
def user_change_own_password(*, actor: User, password: str) -> User:
    """The signed-in user replaces their password (the form checked the old one and the site's
    rules); a password the administrator gave no longer has to be changed. Returns the account as
    saved, whose session hash the caller keeps the user signed in with."""
    require(actor, Action.PROFILE_VIEW)
    locked = User.objects.select_for_update().get(pk=actor.pk)
    locked.set_password(password)
    locked.must_change_password = False
    locked.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="accounts.user.set_password", obj=locked)
    return locked
