"""Who is told: the people of a unit who hold the role that must act, found through the unit's
duty holders today (a merged department's duties are held by the unit that took them over).

Each answer is worked out once per unit and role for a whole run (the morning chase notifies
hundreds of tasks), and every "who holds which role" question goes to the policy
(`users_with_roles`), so no role is compared here.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thucthi.accounts.models import User
from thucthi.accounts.policy import UNIT_HEAD_ROLES, UNIT_STAFF_ROLES, issuer_office_role, users_with_roles
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.selectors import unit_duty_holders


class Recipients:
    """People by unit and role, cached for the lifetime of the object."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._holders: dict[int, list[int]] = {}
        self._staff: dict[tuple[object, ...], list[User]] = {}

    def holders(self, unit: Unit) -> list[int]:
        if unit.pk not in self._holders:
            self._holders[unit.pk] = [u.pk for u in unit_duty_holders(unit, on=self.today)]
        return self._holders[unit.pk]

    def staff(self, unit_ids: list[int], roles: tuple[str, ...]) -> list[User]:
        key = (*sorted(unit_ids), *roles)
        if key not in self._staff:
            self._staff[key] = list(User.objects.filter(users_with_roles(roles), unit_id__in=unit_ids, is_active=True))
        return self._staff[key]

    def unit_staff(self, unit: Unit) -> list[User]:
        """Officers and heads of the unit that holds `unit`'s duties."""
        return self.staff(self.holders(unit), UNIT_STAFF_ROLES)

    def unit_heads(self, unit: Unit) -> list[User]:
        return self.staff(self.holders(unit), UNIT_HEAD_ROLES)

    def person(self, person_id: int | None) -> list[User]:
        """The accounts of a person (an official named on a task, a delegate), if they have one."""
        if person_id is None:
            return []
        return list(User.objects.filter(person_id=person_id, is_active=True))

    def authority(self, body: Unit) -> list[User]:
        """The office that acts in the name of an issuing body (the People's Committee's office,
        the council's office) and the body's own heads."""
        role = issuer_office_role(body.kind)
        if role is None:
            office = []
        elif body.kind == UnitKind.PEOPLES_COMMITTEE:  # the committee's office sits in the committee itself
            office = self.staff(self.holders(body), (role,)) or self._office(role, body)
        else:
            office = self._office(role, body)
        return office + self.staff(self.holders(body), UNIT_HEAD_ROLES)

    def _office(self, role: str, body: Unit) -> list[User]:
        area_ids = self.holders(body.area) if body.area else []
        in_area = Q(unit__area_id__in=area_ids) | Q(unit_id__in=self.holders(body))
        return list(User.objects.filter(users_with_roles((role,)), in_area, is_active=True))
