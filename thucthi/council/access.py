"""Who may write a council's record: the one check every council write asks.

Its own module so that every council service module (services, groups, questioning, documents)
can ask it without importing another service module: groups.py and services.py used to import
each other for it.
"""

from __future__ import annotations

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, may_record_for_council, require
from thucthi.council.models import Term
from thucthi.orgs.models import Unit


def require_council_record(actor: User | None, where: Term | Unit) -> None:
    """The secretariat records for its own council (`where`: a term of it, or the council): a
    council office acts for the councils of its province (and those it took over), the
    administrator for all. Every write of the council's record asks this."""
    if actor is None:
        return
    require(actor, Action.COUNCIL_RECORD)
    council_id = where.council_id if isinstance(where, Term) else where.pk
    if not may_record_for_council(actor, council_id):
        raise PermissionDenied("Văn phòng chỉ ghi nhận cho Hội đồng nhân dân mà mình tham mưu.")
