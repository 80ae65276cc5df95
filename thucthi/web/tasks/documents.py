"""Conclusion notices and directives: enter one, read it, and assign tasks from it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.tasks.documents import document_create, document_list
from thucthi.tasks.models import DocumentKind, IssuedDocument
from thucthi.tasks.selectors import document_visible_tasks, issued_document, issuing_choices
from thucthi.web.common import current_user
from thucthi.web.tasks.forms import DATE_WIDGET, UnitChoiceField


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), choices=DocumentKind.choices)
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=60, widget=forms.TextInput(attrs={"placeholder": "393/TB-UBND"}),
                             error_messages={"required": gettext_lazy("Cần nhập số, ký hiệu văn bản.")})
    issued_on = forms.DateField(label=gettext_lazy("Ngày ban hành"), widget=DATE_WIDGET,
                                error_messages={"required": gettext_lazy("Cần nhập ngày ban hành."), "invalid": gettext_lazy("Ngày không hợp lệ, nhập dạng dd/mm/yyyy.")})
    issuer = UnitChoiceField(label=gettext_lazy("Cơ quan ban hành"), queryset=IssuedDocument.objects.none(), empty_label=None)
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=150, required=False)
    title = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=500, error_messages={"required": gettext_lazy("Cần nhập trích yếu.")})
    text = forms.CharField(label=gettext_lazy("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 10}))



@login_required
def documents(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.TASK_VIEW):
        raise PermissionDenied
    page = Paginator(document_list(), 50).get_page(request.GET.get("page"))
    return render(request, "web/tasks/documents/list.html", {"page": page, "may_create": can(request.user, Action.TASK_CREATE)})


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_CREATE):
        raise PermissionDenied
    form = DocumentForm(request.POST or None)
    form.fields["issuer"].queryset = issuing_choices(user, clock.today())  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            document = document_create(actor=user, **form.cleaned_data)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Đã lưu văn bản. Hãy giao các nhiệm vụ trong văn bản."))
            return redirect("document-detail", pk=document.pk)
    return render(request, "web/tasks/documents/form.html", {"form": form})


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    if not can(user, Action.TASK_VIEW):
        raise PermissionDenied
    document = issued_document(pk)
    if document is None:
        raise Http404
    tasks = document_visible_tasks(user, document, today=clock.today())
    return render(request, "web/tasks/documents/detail.html", {
        "document": document, "tasks": tasks, "may_create": can(user, Action.TASK_CREATE),
    })
