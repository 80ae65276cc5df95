"""Finding things: the lists of sessions, resolutions, delegates, questions and commitments, each with
filters in its URL, and one search across the system (`/search/?q=…`).

Each list opens on the viewer's own province's council (a filter like the others: "Tất cả" lists every
council). Reads go through `council.search`; the council's record is public, tasks are shown only as
the policy lets the viewer see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thucthi.core import clock
from thucthi.council import search
from thucthi.council.models import Session, Term
from thucthi.web.find.forms import (
    MINE,
    CommitmentFilter,
    DelegateFilter,
    FindForm,
    QuestionFilter,
    ResolutionFilter,
    SessionFilter,
)

PAGE_SIZE = 25


def _council_label(unit: Any) -> str:
    """A council's short name, with its years once it is closed: before and after the 2025 mergers two
    councils may bear the same name."""
    name = str(unit.short_name or unit.name)
    if unit.valid_to is None:
        return name
    start = f"{unit.valid_from.year}–" if unit.valid_from else _("đến ")
    return f"{name} ({start}{unit.valid_to.year})"


def _term_label(term: Term) -> str:
    return _("%(council)s khóa %(roman)s (%(start)s–%(end)s)") % {
        "council": _council_label(term.council),
        "roman": term.roman,
        "start": term.start_year,
        "end": term.end_year,
    }


def _session_label(session: Session) -> str:
    return _("Kỳ họp thứ %(n)s (%(day)s), %(council)s") % {
        "n": session.number,
        "day": date_format(session.start, "SHORT_DATE_FORMAT"),
        "council": _council_label(session.term.council),
    }


def _own(request: HttpRequest) -> list[int]:
    """The viewer's own province's councils, read once per request."""
    cached: list[int] | None = getattr(request, "_own_councils", None)
    if cached is None:
        cached = search.own_councils(request.user)
        setattr(request, "_own_councils", cached)  # noqa: B010 (HttpRequest declares no such attribute)
    return cached


def _councils(request: HttpRequest) -> list[tuple[str, str]]:
    mine = [(MINE, _("Tỉnh của tôi"))] if _own(request) else []
    return [*mine, *((str(u.pk), _council_label(u)) for u in search.councils())]


def _terms() -> list[tuple[int, str]]:
    return [(t.pk, _term_label(t)) for t in search.terms()]


def _sessions(request: HttpRequest, data: QueryDict) -> list[tuple[int, str]]:
    """The sessions of the council(s) the filter names (all where it names none or a wrong one)."""
    return [(s.pk, _session_label(s)) for s in search.sessions_all(_council_or_all(request, data))]


def _council_or_all(request: HttpRequest, data: QueryDict) -> search.Councils:
    value = data.get("council", "")
    return _council(request, value) if value == MINE or value.isdigit() else None


def _years(years: list[int]) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in years]


def _filtered(request: HttpRequest) -> QueryDict:
    """The query, opening on the viewer's own province's councils when the link names no council."""
    data = request.GET.copy()
    if "council" not in data and _own(request):
        data["council"] = MINE
    return data


def _council(request: HttpRequest, value: str) -> search.Councils:
    """The council filter's value as the selectors take it."""
    if value == MINE:
        return _own(request)
    return int(value) if value else None


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _render_list(
    request: HttpRequest, template: str, form: FindForm, find: Callable[[dict[str, Any]], Any], **extra: Any
) -> HttpResponse:
    """A list page: the form with its errors next to their fields, or a page of what it finds."""
    rows = find(form.cleaned_data) if form.is_valid() else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode(), "today": clock.today(), **extra})


def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilter(
        _filtered(request), choices={"council": _councils(request), "term": _terms(), "year": _years(search.session_years())}
    )
    return _render_list(
        request,
        "web/find/sessions.html",
        form,
        lambda d: search.sessions_find(
            council=_council(request, d["council"]), term=d["term"], year=d["year"], state=d["state"], q=d["q"]
        ),
    )


def resolution_list(request: HttpRequest) -> HttpResponse:
    data = _filtered(request)
    form = ResolutionFilter(
        data,
        choices={"council": _councils(request), "session": _sessions(request, data), "year": _years(search.resolution_years())},
    )
    return _render_list(
        request,
        "web/find/resolutions.html",
        form,
        lambda d: search.resolutions_find(
            council=_council(request, d["council"]),
            session=d["session"],
            year=d["year"],
            adopted=_yes_no(d["adopted"]),
            sample=_yes_no(d["sample"]),
            q=d["q"],
        ),
    )


def delegate_list(request: HttpRequest) -> HttpResponse:
    groups = [(g.pk, f"{g.name} ({g.term.start_year}–{g.term.end_year})") for g in search.delegate_groups()]
    form = DelegateFilter(_filtered(request), choices={"council": _councils(request), "term": _terms(), "group": groups})
    today = clock.today()
    return _render_list(
        request,
        "web/find/delegates.html",
        form,
        lambda d: search.delegates_find(
            today=today,
            council=_council(request, d["council"]),
            term=d["term"],
            group=d["group"],
            serving=_yes_no(d["serving"]),
            q=d["q"],
        ),
    )


def question_list(request: HttpRequest) -> HttpResponse:
    data = _filtered(request)
    form = QuestionFilter(
        data,
        choices={
            "council": _councils(request),
            "session": _sessions(request, data),
            "respondent_unit": [(u.pk, str(u.short_name or u.name)) for u in search.respondent_units()],
            "asker": [(d.pk, str(d.person)) for d in search.askers(_council_or_all(request, data))],
        },
    )
    return _render_list(
        request,
        "web/find/questions.html",
        form,
        lambda d: search.questions_find(
            council=_council(request, d["council"]),
            session=d["session"],
            respondent_unit=d["respondent_unit"],
            state=d["state"],
            asker=d["asker"],
            q=d["q"],
        ),
    )


def commitment_list(request: HttpRequest) -> HttpResponse:
    form = CommitmentFilter(
        _filtered(request),
        choices={
            "council": _councils(request),
            "lead_unit": [(u.pk, str(u.short_name or u.name)) for u in search.commitment_units()],
        },
    )
    today = clock.today()
    return _render_list(
        request,
        "web/find/commitments.html",
        form,
        lambda d: search.commitments_find(
            today=today, council=_council(request, d["council"]), lead_unit=d["lead_unit"], due=d["due"], task=d["task"], q=d["q"]
        ),
    )


# --- One search across the system ----------------------------------------------------------------

LABELS = {
    "sessions": gettext_lazy("Kỳ họp"),
    "resolutions": gettext_lazy("Nghị quyết"),
    "delegates": gettext_lazy("Đại biểu"),
    "people": gettext_lazy("Người"),
    "questions": gettext_lazy("Chất vấn"),
    "commitments": gettext_lazy("Cam kết"),
    "units": gettext_lazy("Đơn vị, cơ quan"),
    "tasks": gettext_lazy("Nhiệm vụ"),
}


def _see_all(kind: str, q: str) -> str:
    """The full list of one kind of result: across every council (the lists otherwise open on the viewer's)."""
    if kind in ("sessions", "resolutions", "delegates", "questions", "commitments"):
        return reverse(f"find-{kind}") + "?" + urlencode({"q": q, "council": ""})
    if kind == "units":
        return reverse("unit-list") + "?" + urlencode({"q": q, "kind": "", "valid_on": ""})
    if kind == "tasks":
        return reverse("task-hub") + "?" + urlencode({"view": "all", "q": q})
    return ""


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:120]
    problem, groups, total = "", [], 0
    if not q:
        problem = _("Hãy gõ điều cần tìm: tên kỳ họp, nghị quyết, đại biểu, cơ quan, nội dung chất vấn hay nhiệm vụ.")
    elif search.query_too_short(q):
        problem = _("Từ cần tìm quá ngắn: hãy gõ ít nhất %(n)s chữ cái hoặc chữ số.") % {"n": search.MIN_QUERY}
    else:
        hits = search.site_search(request.user, q, today=clock.today())
        total = sum(h.count for h in hits)
        groups = [
            {"kind": h.kind, "label": LABELS[h.kind], "count": h.count, "items": h.items, "more": _see_all(h.kind, q)}
            for h in hits
            if h.count
        ]
    return render(
        request,
        "web/find/search.html",
        {
            "q": q,
            "problem": problem,
            "groups": groups,
            "total": total,
            "today": clock.today(),
        },
    )
