"""Who hears about a figure: its approvers when it is entered, the one who entered it when it is
approved or returned. Told once the flow commits (`notify_on_commit`), never the actor."""

from __future__ import annotations

from collections.abc import Iterable

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, Figure, can
from thucthi.core import clock
from thucthi.indicators.models import Actual, ActualState
from thucthi.notifications.models import Kind
from thucthi.notifications.recipients import Recipients
from thucthi.notifications.services import notify_on_commit
from thucthi.orgs.models import Unit, UnitKind


def figures_entered(actor: User | None, actuals: Iterable[Actual]) -> None:
    """Each figure waiting for approval, to those the policy lets approve it."""
    people = Recipients(clock.today())
    for a in actuals:
        units = [a.indicator.reporting_unit, *Unit.objects.filter(area_id=a.unit_id, kind=UnitKind.PEOPLES_COMMITTEE)]
        heads = {u.pk: u for unit in units if unit is not None for u in people.unit_heads(unit)}.values()
        approvers = [u for u in heads if can(u, Action.ACTUAL_APPROVE, Figure(a.indicator, a.unit))]
        notify_on_commit(
            acted=actor, recipients=approvers, kind=Kind.FIGURE_ENTERED, key=f"figure:{a.pk}:{a.version}:entered",
            message=f"Số liệu chờ duyệt: {a.indicator.name}, {a.unit}, kỳ {a.period}", target=a,
        )


def figure_reviewed(actor: User | None, actual: Actual) -> None:
    if actual.entered_by is None:
        return
    verdict = "đã được duyệt" if actual.state == ActualState.APPROVED else "bị trả lại"
    note = f" ({actual.review_note[:200]})" if actual.review_note else ""
    notify_on_commit(
        acted=actor, recipients=[actual.entered_by], kind=Kind.FIGURE_REVIEWED, key=f"figure:{actual.pk}:{actual.version}:{actual.state}",
        message=f"Số liệu {actual.indicator.name}, {actual.unit}, kỳ {actual.period} {verdict}{note}", target=actual,
    )
