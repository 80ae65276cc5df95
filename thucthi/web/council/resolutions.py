"""A resolution's page: its vote, its articles with the tasks made from each and their progress;
the council office enters the articles (pasted or one at a time), those who issue tasks make one
from an article. Each view reads through selectors and submits to one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thucthi.accounts.policy import PermissionDenied, issuable_units, may_record_for_council
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import articles
from thucthi.council import resolution_selectors as selectors
from thucthi.council.models import Resolution
from thucthi.web.common import current_user


class ArticlesPasteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Dán toàn văn nghị quyết (phần “Điều 1.”, “Điều 2.”…; mỗi khoản một dòng “1.”, “2.”…)"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": gettext_lazy("Cần dán nội dung nghị quyết.")},
    )
    is_sample = forms.BooleanField(label=gettext_lazy("Nội dung mẫu (không phải văn bản thật)"), required=False)


class ArticleForm(forms.Form):
    number = forms.IntegerField(
        label=gettext_lazy("Điều"),
        min_value=1,
        max_value=999,
        error_messages={"required": gettext_lazy("Cần ghi số điều."), "invalid": gettext_lazy("Số điều là một số.")},
    )
    clause = forms.CharField(
        label=gettext_lazy("Khoản (bỏ trống nếu là cả điều; ví dụ 1 hoặc II.1)"), max_length=20, required=False
    )
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=500, required=False)
    text = forms.CharField(
        label=gettext_lazy("Nội dung"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_sample = forms.BooleanField(label=gettext_lazy("Nội dung mẫu (không phải văn bản thật)"), required=False)


class ArticleEditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=500, required=False)
    text = forms.CharField(
        label=gettext_lazy("Nội dung"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _resolution_or_404(pk: int) -> Resolution:
    resolution = selectors.resolution_get(pk)
    if resolution is None:
        raise Http404
    return resolution


def resolution_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _resolution_or_404(pk))


def _render(
    request: HttpRequest,
    resolution: Resolution,
    *,
    refused: forms.Form | None = None,
    failed: str = "",
    failed_article: int | None = None,
) -> HttpResponse:
    """The page; after a refused form, that form as typed with its errors, in its section opened."""
    today = clock.today()
    user = request.user
    may_record = may_record_for_council(user, resolution.council_id)
    issuable = issuable_units(user)
    view = selectors.resolution_view(user, resolution, today=today)
    vote = getattr(resolution, "vote_event", None)
    paste: forms.Form = ArticlesPasteForm(initial={"is_sample": resolution.is_sample})
    add: forms.Form = ArticleForm(initial={"is_sample": resolution.is_sample})
    edit: dict[int, forms.Form] = {}
    if may_record:
        edit = {
            row.article.pk: ArticleEditForm(
                initial={"title": row.article.title, "text": row.article.text}, prefix=f"a{row.article.pk}"
            )
            for row in view.rows
        }
    if refused is not None:
        if failed == "paste":
            paste = refused
        elif failed == "add":
            add = refused
        elif failed_article is not None:
            edit[failed_article] = refused
    return render(
        request,
        "web/council/resolution.html",
        {
            "resolution": resolution,
            "view": view,
            "vote": vote,
            "votes": selectors.resolution_votes(vote) if vote is not None else [],
            "may_record": may_record,
            "may_issue": resolution.adopted and (issuable is None or bool(issuable)),
            "paste_form": paste,
            "add_form": add,
            "edit_forms": edit,
            "failed": failed,
            "failed_article": failed_article,
            "today": today,
        },
    )


def _refuse(form: forms.Form, exc: DomainError | PermissionDenied) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, getattr(exc, "message", str(exc)))


@login_required
@require_POST
def resolution_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One POST per secretariat action on the articles: paste, add, edit, remove."""
    user = current_user(request)
    resolution = _resolution_or_404(pk)
    if not may_record_for_council(user, resolution.council_id):
        raise PermissionDenied(_("Văn phòng chỉ ghi nhận cho Hội đồng nhân dân mà mình tham mưu."))
    form: forms.Form
    article_pk: int | None = None
    try:
        if action == "paste":
            form = ArticlesPasteForm(request.POST)
            if form.is_valid():
                added = articles.articles_paste(
                    actor=user, resolution=resolution, text=form.cleaned_data["text"], is_sample=form.cleaned_data["is_sample"]
                )
                messages.success(request, _("Đã ghi %(n)d điều, khoản.") % {"n": len(added)})
                return redirect("resolution-detail", pk=pk)
        elif action == "add":
            form = ArticleForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                added_one = articles.article_add(
                    actor=user,
                    resolution=resolution,
                    number=d["number"],
                    clause=d["clause"] or "",
                    title=d["title"] or "",
                    text=d["text"] or "",
                    is_sample=d["is_sample"],
                )
                messages.success(request, _("Đã thêm %(label)s.") % {"label": added_one.label})
                return redirect("resolution-detail", pk=pk)
        elif action in ("edit", "remove"):
            article = selectors.resolution_article(resolution, request.POST.get("article"))
            if article is None:
                raise Http404
            article_pk = article.pk
            form = ArticleEditForm(request.POST, prefix=f"a{article.pk}")
            if action == "remove":
                articles.article_remove(actor=user, article=article)
                messages.success(request, _("Đã xóa %(label)s.") % {"label": article.label})
                return redirect("resolution-detail", pk=pk)
            if form.is_valid():
                articles.article_edit(
                    actor=user, article=article, title=form.cleaned_data["title"] or "", text=form.cleaned_data["text"] or ""
                )
                messages.success(request, _("Đã sửa %(label)s.") % {"label": article.label})
                return redirect(reverse("resolution-detail", args=[pk]) + f"#article-{article.pk}")
        else:
            raise Http404
    except (DomainError, PermissionDenied) as exc:
        if action == "remove":
            messages.error(request, getattr(exc, "message", str(exc)))
            return redirect("resolution-detail", pk=pk)
        _refuse(form, exc)
    return _render(request, resolution, refused=form, failed=action, failed_article=article_pk)


def task_prefill(resolution: Resolution, article_pk: Any) -> dict[str, Any]:
    """The task form's starting values for a task made from `resolution` or one of its articles:
    the citation, and the article's words as the task's title and description."""
    initial: dict[str, Any] = {"resolution": resolution.pk}
    article = selectors.resolution_article(resolution, article_pk) if article_pk else None
    if article is not None:
        initial |= {"source_ref": article.label, "title": article.title or article.text[:500], "description": article.text}
    return initial


def resolution_from_query(value: str | None) -> Resolution | None:
    """The resolution a link names (`?resolution=<id>`), or None for a missing or foreign id."""
    return selectors.resolution_get(int(value)) if value and value.isdigit() else None
