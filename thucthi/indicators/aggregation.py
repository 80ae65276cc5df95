"""Combining actuals of several units: up the hierarchy (communes → province, provinces →
nation) and across reorganisation (2020 Hưng Yên + Thái Bình shown as today's Hưng Yên).

The indicator's merge rule decides how: `sum` adds the units' values (budget revenue,
population); `recompute` adds the numerators and the denominators and divides again (a poverty
rate is poor households over households, never the mean of two rates); `none` refuses, and so
does any rank (PCI ranks of two provinces do not make a rank of their union). Nothing is ever
rewritten: the predecessors' own rows stay as they were entered, and every combined figure says
how it was computed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from thucthi.indicators.models import Actual, ActualState, Indicator, Kind, MergeRule
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Succession, SuccessionKind, Unit
from thucthi.orgs.selectors import Link, successions_into


class NotComparable(Exception):
    """The indicator's rule forbids combining these units; the message says why, in Vietnamese."""


def refusal(indicator: Indicator) -> str | None:
    """Why this indicator cannot be combined across units, or None when it can."""
    if indicator.kind == Kind.RANK:
        return f"“{indicator.name}” là thứ hạng: không cộng gộp hay tính lại được khi gộp đơn vị."
    if indicator.merge_rule == MergeRule.NONE:
        return f"“{indicator.name}” được khai báo là không so sánh được khi gộp đơn vị."
    if indicator.merge_rule == MergeRule.RECOMPUTE and (indicator.numerator_id is None or indicator.denominator_id is None):
        return f"“{indicator.name}” cần tử số và mẫu số để tính lại."
    return None


def combine_values(indicator: Indicator, parts: list[Decimal], *, numerators: list[Decimal] | None = None,
                   denominators: list[Decimal] | None = None) -> Decimal:
    """One figure from several units' figures by the indicator's rule."""
    why = refusal(indicator)
    if why:
        raise NotComparable(why)
    if indicator.merge_rule == MergeRule.SUM:
        return sum(parts, Decimal(0))
    assert numerators is not None and denominators is not None
    den = sum(denominators, Decimal(0))
    if den == 0:
        raise NotComparable(f"Mẫu số của “{indicator.name}” bằng 0, không tính được tỷ lệ.")
    return sum(numerators, Decimal(0)) / den * indicator.scale


def _approved(indicator_ids: Iterable[int], unit_ids: Iterable[int]) -> dict[tuple[int, int, str], Decimal]:
    rows = Actual.objects.filter(indicator_id__in=list(indicator_ids), unit_id__in=list(unit_ids), state=ActualState.APPROVED)
    return {(i, u, p): v for i, u, p, v in rows.values_list("indicator_id", "unit_id", "period", "value")}


@dataclass
class Series:
    """An indicator's figures for one unit, period by period, and how each was obtained."""

    indicator: Indicator
    unit: Unit
    points: dict[str, Decimal] = field(default_factory=dict)
    combined: dict[str, str] = field(default_factory=dict)  # period → how it was combined
    notes: list[str] = field(default_factory=list)


def _predecessors(unit_ids: set[int], on: dt.date) -> dict[int, list[Link]]:
    """Each unit's direct predecessors, however many reorganisations back (the orgs succession walk)."""
    out: dict[int, list[Link]] = defaultdict(list)
    for link in successions_into(unit_ids, on=on):
        out[link.successor_id].append(link)
    return out


def series_in_today_structure(indicator: Indicator, unit: Unit, *, on: dt.date) -> Series:
    """`unit`'s series, with the periods before it existed filled from the units it took over,
    combined by the indicator's merge rule; a period is left out (and the page says why) when a
    predecessor's figure is missing, was split between several successors, or cannot be combined."""
    links = _predecessors({unit.pk}, on)
    units = {unit.pk} | {s.predecessor_id for ss in links.values() for s in ss}
    components = [indicator.pk]
    if indicator.merge_rule == MergeRule.RECOMPUTE and indicator.numerator_id and indicator.denominator_id:
        components += [indicator.numerator_id, indicator.denominator_id]
    values = _approved(components, units)
    split = set(
        Succession.objects.filter(predecessor_id__in=units - {unit.pk}).values("predecessor_id")
        .annotate(n=Count("successor_id", distinct=True)).filter(n__gt=1).values_list("predecessor_id", flat=True)
    ) | set(
        Succession.objects.filter(predecessor_id__in=units - {unit.pk}, kind=SuccessionKind.SPLIT).values_list("predecessor_id", flat=True)
    )
    series = Series(indicator, unit)
    periods = sorted({p for (i, _u, p) in values if i == indicator.pk}, key=_period_sort)
    names = dict(Unit.objects.filter(pk__in=units).values_list("pk", "name"))

    def named(unit_ids: list[int]) -> str:
        return " + ".join(names.get(u, str(u)) for u in unit_ids)

    def resolve(ind: int, uid: int, period: str) -> tuple[list[int], list[Decimal]] | None:
        """The units whose own figures make up `uid`'s figure for the period, and those figures."""
        own = values.get((ind, uid, period))
        if own is not None:
            return [uid], [own]
        preds = links.get(uid, [])
        if not preds:
            return None
        used: list[int] = []
        got: list[Decimal] = []
        for s in preds:
            if s.predecessor_id in split:
                return None
            part = resolve(ind, s.predecessor_id, period)
            if part is None:
                return None
            used += part[0]
            got += part[1]
        return used, got

    why = refusal(indicator)
    for period in periods:
        direct = values.get((indicator.pk, unit.pk, period))
        if direct is not None:
            series.points[period] = direct
            continue
        if why:
            continue
        if indicator.merge_rule == MergeRule.RECOMPUTE:
            assert indicator.numerator_id and indicator.denominator_id
            num = resolve(indicator.numerator_id, unit.pk, period)
            den = resolve(indicator.denominator_id, unit.pk, period)
            if num is None or den is None:
                continue
            try:
                series.points[period] = combine_values(indicator, [], numerators=num[1], denominators=den[1])
            except NotComparable:
                continue
            series.combined[period] = named(num[0])
        else:
            part = resolve(indicator.pk, unit.pk, period)
            if part is not None:
                series.points[period] = combine_values(indicator, part[1])
                series.combined[period] = named(part[0])
    if links.get(unit.pk):
        predecessors = Succession.objects.filter(successor=unit, effective_date__lte=on).select_related("predecessor").order_by("effective_date", "id")
        merged = ", ".join(f"{s.predecessor} ({s.get_kind_display().lower()} {s.effective_date:%d/%m/%Y}{'; ' + s.legal_basis if s.legal_basis else ''})"
                           for s in predecessors)
        if why:
            series.notes.append(f"{why} Không ghép số liệu của các đơn vị trước đây: {merged}.")
        else:
            rule = "cộng các đơn vị" if indicator.merge_rule == MergeRule.SUM else "cộng tử số và mẫu số rồi tính lại tỷ lệ"
            series.notes.append(f"Các kỳ trước khi “{unit}” được thành lập ghép từ: {merged}; cách ghép: {rule}.")
        if split & units:
            series.notes.append("Có đơn vị trước đây bị chia tách cho nhiều đơn vị: các kỳ đó không ghép được.")
    return series


def _period_sort(key: str) -> tuple[int, int, int]:
    p = reporting_period(key)
    return p.year, p.month_end, -p.months


def aggregate(indicator: Indicator, unit_ids: list[int], periods: list[str]) -> dict[str, tuple[Decimal | None, int]]:
    """The combined figure of `unit_ids` (e.g. the 34 provinces, or a province's communes) for
    each period, in the database, with how many units reported; None when not all did."""
    why = refusal(indicator)
    if why:
        raise NotComparable(why)
    wanted = len(set(unit_ids))

    def sums(ind_id: int) -> dict[str, tuple[Decimal, int]]:
        rows = (
            Actual.objects.filter(indicator_id=ind_id, unit_id__in=unit_ids, period__in=periods, state=ActualState.APPROVED)
            .values("period").annotate(total=Sum("value"), n=Count("unit_id", distinct=True)).values_list("period", "total", "n")
        )
        return {p: (t, n) for p, t, n in rows}

    out: dict[str, tuple[Decimal | None, int]] = {}
    if indicator.merge_rule == MergeRule.SUM:
        got = sums(indicator.pk)
        for p in periods:
            total, n = got.get(p, (Decimal(0), 0))
            out[p] = (total if n == wanted else None, n)
        return out
    assert indicator.numerator_id and indicator.denominator_id
    num, den = sums(indicator.numerator_id), sums(indicator.denominator_id)
    for p in periods:
        (nt, nn), (dtot, dn) = num.get(p, (Decimal(0), 0)), den.get(p, (Decimal(0), 0))
        complete = nn == wanted and dn == wanted and dtot != 0
        out[p] = (nt / dtot * indicator.scale if complete else None, min(nn, dn))
    return out
