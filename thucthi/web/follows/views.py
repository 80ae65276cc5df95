"""Public pages of following: anyone may follow a resolution, a commitment or a delegate by
e-mail. Each view parses its input, calls one service, and renders."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from thucthi.accounts.models import User
from thucthi.core.errors import DomainError
from thucthi.follows import selectors, services


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Địa chỉ thư điện tử"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Nhập địa chỉ thư điện tử để nhận thông báo."),
            "invalid": gettext_lazy("Nhập một địa chỉ thư điện tử hợp lệ, ví dụ ten@example.vn."),
        },
    )
    kind = forms.ChoiceField(choices=[(k, k) for k in selectors.KINDS], widget=forms.HiddenInput)
    target = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def _actor(request: HttpRequest) -> User | None:
    """The signed-in user, or None for a visitor without an account (the audit says `via: public`)."""
    return request.user if isinstance(request.user, User) and request.user.is_authenticated else None


LOOPBACK = {"127.0.0.1", "::1"}


def _client_ip(request: HttpRequest) -> str:
    """The visitor's address for the rate limit. Behind the local nginx (docs/operations.md) every
    request comes from loopback, so the address nginx appended to X-Forwarded-For is taken: the
    last one, which a client cannot forge (those before it may be)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if remote in LOOPBACK and forwarded:
        return forwarded.rsplit(",", maxsplit=1)[-1].strip()
    return remote


def _target_label(kind: str, pk: int | None) -> str:
    target = selectors.target_get(kind, pk) if pk else None
    return selectors.KINDS[kind].label(target) if target is not None else ""


@require_http_methods(["GET", "POST"])
def follow_page(request: HttpRequest) -> HttpResponse:
    """GET: the form on a page of its own; POST (from any page's "Theo dõi" form): ask to follow,
    then "check your mailbox" — the same answer whether or not the address already follows."""
    user = _actor(request)
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.follow_request(
                    actor=user,
                    email=d["email"],
                    kind=d["kind"],
                    target_id=d["target"],
                    ip=_client_ip(request),
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return render(
                    request, "web/follows/requested.html", {"email": d["email"], "what": _target_label(d["kind"], d["target"])}
                )
    else:
        form = FollowForm(
            initial={
                "kind": request.GET.get("kind", ""),
                "target": request.GET.get("target", ""),
                "email": user.email if user is not None else "",
            }
        )
    kind = form.data.get("kind") or form.initial.get("kind") or ""
    target = str(form.data.get("target") or form.initial.get("target") or "")
    what = _target_label(kind, int(target)) if kind in selectors.KINDS and target.isdigit() else ""
    missing = "" if what or form.non_field_errors() else _("Không tìm thấy nội dung cần theo dõi.")
    # A form sent back with its errors is a 200; asking for the form of nothing is a 404.
    status = 404 if request.method == "GET" and not what else 200
    return render(request, "web/follows/follow.html", {"form": form, "what": what, "missing": missing}, status=status)


def follow_confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: opening it confirms (double opt-in)."""
    try:
        follow = services.follow_confirm(actor=_actor(request), token=token)
    except DomainError as exc:
        return render(request, "web/follows/problem.html", {"message": exc.message}, status=400)
    kind = selectors.kind_of(follow)
    what = kind.label(follow.target) if kind is not None and follow.target is not None else ""
    return render(request, "web/follows/confirmed.html", {"what": what, "token": services.unsubscribe_token(follow)})


# A mail client's one-click unsubscribe (RFC 8058) POSTs without the site's CSRF token; the
# signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button (a link scanner opening the e-mail must not unsubscribe);
    POST: the button, or the mail client's one-click request, unsubscribes."""
    try:
        if request.method == "POST":
            services.follow_unsubscribe(actor=_actor(request), token=token)
            return render(request, "web/follows/unsubscribed.html", {})
        follow = services.follow_from_unsubscribe_token(token)
    except DomainError as exc:
        return render(request, "web/follows/problem.html", {"message": exc.message}, status=400)
    kind = selectors.kind_of(follow)
    what = kind.label(follow.target) if kind is not None and follow.target is not None else ""
    return render(request, "web/follows/unsubscribe.html", {"what": what, "token": token, "done": follow.state == "unsubscribed"})
