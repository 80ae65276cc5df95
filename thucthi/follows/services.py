"""Following by e-mail: request (double opt-in), confirm, unsubscribe, and the daily updates.

The public needn't have an account: `actor` is the signed-in user when there is one, and None
for an anonymous visitor, whose audit record names the address only by a keyed hash
(`via: public`). Tokens are signed with `django.core.signing`: the confirmation link expires (by the clock),
the unsubscribe link in every e-mail does not.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from thucthi.accounts.models import User
from thucthi.audit.services import audit_record
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.follows import selectors
from thucthi.follows.models import Follow, FollowRequest, FollowState

log = logging.getLogger("thucthi.follows")

CONFIRM_SALT = "thucthi.follows.confirm"
UNSUBSCRIBE_SALT = "thucthi.follows.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=3)
# At most this many follow requests an hour from one address and from one IP address.
PER_EMAIL_PER_HOUR = 5
PER_IP_PER_HOUR = 20


def keyed_hash(value: str) -> str:
    """A hash keyed with the site's secret: the audit and the ledger never hold an address or an IP."""
    return salted_hmac("thucthi.follows", value.strip().lower()).hexdigest()


# The confirmation link carries when it was made, by the application's clock (signing's own
# timestamps read the system time, which tests cannot move).
def confirm_token(follow: Follow) -> str:
    payload = {"f": follow.pk, "e": keyed_hash(follow.email)[:16], "t": int(clock.now().timestamp())}
    return signing.Signer(salt=CONFIRM_SALT).sign_object(payload, compress=True)


def unsubscribe_token(follow: Follow) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"f": follow.pk, "e": keyed_hash(follow.email)[:16]}, compress=True)


def _follow_from_token(token: str, *, salt: str, max_age: dt.timedelta | None) -> Follow:
    invalid = _("Liên kết không hợp lệ. Hãy kiểm tra lại, hoặc chép đầy đủ liên kết trong thư.")
    try:
        data = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise DomainError(invalid) from exc
    if not isinstance(data, dict):
        raise DomainError(invalid)
    if max_age is not None:
        made = data.get("t")
        if not isinstance(made, int) or clock.now().timestamp() - made > max_age.total_seconds():
            raise DomainError(_("Liên kết xác nhận đã hết hạn. Hãy đăng ký theo dõi lại để nhận liên kết mới."))
    pk = data.get("f")
    follow = Follow.objects.select_for_update().filter(pk=pk).first() if isinstance(pk, int) else None
    if follow is None or keyed_hash(follow.email)[:16] != data.get("e"):
        raise DomainError(invalid)
    return follow


def _page_url(follow: Follow) -> str:
    kind = selectors.kind_of(follow)
    target = follow.target
    if kind is None or target is None:
        return follow.base_url
    if kind.name == "resolution":
        try:  # the resolution's own page, where the web has one
            return follow.base_url + reverse("resolution-detail", args=[target.pk])
        except NoReverseMatch:
            pass
    return follow.base_url + reverse(kind.page, args=[selectors.target_page_pk(kind.name, target)])


def _unsubscribe_url(follow: Follow) -> str:
    return follow.base_url + reverse("follow-unsubscribe", args=[unsubscribe_token(follow)])


def _send(follow: Follow, subject: str, lines: list[str], *, connection: object | None = None) -> None:
    unsubscribe = _unsubscribe_url(follow)
    body = "\n".join([*lines, "", _("Hủy theo dõi (một lần bấm): %(url)s") % {"url": unsubscribe}])
    # RFC 8058: a mail client may unsubscribe with one POST to this address, without opening a page.
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [follow.email], headers=headers, connection=connection).send()  # type: ignore[arg-type]


def _send_confirmation(follow: Follow) -> None:
    kind = selectors.kind_of(follow)
    what = kind.label(follow.target) if kind is not None and follow.target is not None else ""
    link = follow.base_url + reverse("follow-confirm", args=[confirm_token(follow)])
    days = CONFIRM_MAX_AGE.days
    _send(
        follow,
        _("Thực Thi: xác nhận theo dõi"),
        [
            _("Có người (có thể là bạn) đã đăng ký nhận thư khi có thay đổi về: %(what)s.") % {"what": what},
            "",
            _("Để bắt đầu nhận thư, mở liên kết sau trong %(days)s ngày:") % {"days": days},
            link,
            "",
            _("Nếu không phải bạn đăng ký, hãy bỏ qua thư này: bạn sẽ không nhận thêm thư nào."),
        ],
    )


@dataclass(frozen=True)
class RequestOutcome:
    """What the visitor is told is the same whatever the address's state: nothing here says
    whether it already follows the thing."""

    kind: str
    target_id: int


@transaction.atomic
def follow_request(*, actor: User | None, email: str, kind: str, target_id: int, ip: str, base_url: str) -> RequestOutcome:
    """Ask to follow `kind` #`target_id` at `email`: a pending follow and a confirmation e-mail
    (after the transaction commits). An address already following is sent nothing new."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Nhập một địa chỉ thư điện tử hợp lệ, ví dụ ten@example.vn."), field="email") from exc
    target = selectors.target_get(kind, target_id)
    if target is None:
        raise DomainError(_("Không tìm thấy nội dung cần theo dõi."))
    now = clock.now()
    email_hash, ip_hash = keyed_hash(email), keyed_hash(ip or "-")
    by_email, by_ip = selectors.recent_requests(email_hash=email_hash, ip_hash=ip_hash, since=now - dt.timedelta(hours=1))
    if by_email >= PER_EMAIL_PER_HOUR or by_ip >= PER_IP_PER_HOUR:
        raise DomainError(_("Bạn đã gửi quá nhiều yêu cầu theo dõi. Hãy thử lại sau một giờ."), field="email")
    FollowRequest.objects.create(email_hash=email_hash, ip_hash=ip_hash, at=now)
    follow, created = Follow.objects.select_for_update().get_or_create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        email=email,
        defaults={"base_url": base_url.rstrip("/"), "requested_at": now},
    )
    before = {"state": None if created else follow.state}
    if created or follow.state != FollowState.ACTIVE:
        follow.state, follow.requested_at, follow.base_url = FollowState.PENDING, now, base_url.rstrip("/")
        follow.unsubscribed_at = None
        follow.save()
        # robust: a mail server that is down is logged, and the visitor may ask again; the page
        # must not turn into an error after the follow was saved.
        transaction.on_commit(lambda: _send_confirmation(follow), robust=True)
    audit_record(
        actor=actor,
        action="follows.follow.request",
        obj=follow,
        before=before,
        after={
            "state": follow.state,
            "kind": kind,
            "target_id": target.pk,
            "email_hash": email_hash,
            "via": "public" if actor is None else "account",
        },
    )
    return RequestOutcome(kind, target.pk)


@transaction.atomic
def follow_confirm(*, actor: User | None, token: str) -> Follow:
    """Open the confirmation link: the follow becomes active, and what the thing is now becomes
    the baseline (the first update tells what changed after this moment)."""
    follow = _follow_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if follow.state == FollowState.ACTIVE:
        return follow  # a second click on the same link changes nothing
    if follow.state == FollowState.UNSUBSCRIBED:
        raise DomainError(_("Địa chỉ này đã hủy theo dõi. Hãy đăng ký theo dõi lại để nhận liên kết mới."))
    before = follow.state
    kind = selectors.kind_of(follow)
    target = follow.target
    follow.state, follow.confirmed_at = FollowState.ACTIVE, clock.now()
    if kind is not None and target is not None:
        follow.fingerprint = {key: item.value for key, item in kind.snapshot(target, clock.today()).items()}
    follow.save()
    audit_record(
        actor=actor,
        action="follows.follow.confirm",
        obj=follow,
        before={"state": before},
        after={"state": follow.state, "email_hash": keyed_hash(follow.email), "via": "public" if actor is None else "account"},
    )
    return follow


def follow_from_unsubscribe_token(token: str) -> Follow:
    """The follow an unsubscribe link names (for the page that asks to confirm), or DomainError."""
    with transaction.atomic():
        return _follow_from_token(token, salt=UNSUBSCRIBE_SALT, max_age=None)


@transaction.atomic
def follow_unsubscribe(*, actor: User | None, token: str) -> Follow:
    """Stop e-mails for this follow. The link in every e-mail never expires; a second use changes nothing."""
    follow = _follow_from_token(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    if follow.state == FollowState.UNSUBSCRIBED:
        return follow
    before = follow.state
    follow.state, follow.unsubscribed_at = FollowState.UNSUBSCRIBED, clock.now()
    follow.save()
    audit_record(
        actor=actor,
        action="follows.follow.unsubscribe",
        obj=follow,
        before={"state": before},
        after={"state": follow.state, "email_hash": keyed_hash(follow.email), "via": "public" if actor is None else "account"},
    )
    return follow


# --- The daily updates ---------------------------------------------------------------------------


def send_updates() -> int:
    """One e-mail per active follow whose thing changed since the last one: what is new or
    changed, compared with the stored fingerprint. The fingerprint moves only after the e-mail
    went out, so a failure is retried tomorrow and a second run on the same day sends nothing.
    The system acts here: no user, and no audit record per e-mail (as the task digests)."""
    today = clock.today()
    # The rate limit looks back one hour: older ledger rows serve nothing.
    FollowRequest.objects.filter(at__lt=clock.now() - dt.timedelta(days=1)).delete()
    snapshots: dict[tuple[int, int], selectors.Snapshot] = {}
    connection = get_connection()
    sent = 0
    for follow in selectors.follows_active():
        kind = selectors.kind_of(follow)
        key = (follow.target_type_id, follow.target_id)
        if kind is None:
            continue
        if key not in snapshots:
            target = follow.target
            snapshots[key] = kind.snapshot(target, today) if target is not None else {}
        current = snapshots[key]
        stored = follow.fingerprint or {}
        changed = [item.text for k, item in current.items() if stored.get(k) != item.value]
        if not changed:
            continue
        what = kind.label(follow.target) if follow.target is not None else ""
        lines = [_("Có thay đổi về %(what)s:") % {"what": what}, ""]
        lines += [f"- {text}" for text in changed]
        lines += ["", _("Xem chi tiết: %(url)s") % {"url": _page_url(follow)}]
        try:
            _send(follow, _("Thực Thi: cập nhật ngày %(d)s") % {"d": f"{today:%d/%m/%Y}"}, lines, connection=connection)
        except OSError as exc:
            log.warning("follow update #%s failed, will retry: %s", follow.pk, exc)
            continue
        Follow.objects.filter(pk=follow.pk).update(
            fingerprint={k: item.value for k, item in current.items()}, last_sent_at=clock.now()
        )
        sent += 1
    return sent
