"""`user|administers`: whether the navigation shows the administration link (the policy decides)."""

from __future__ import annotations

from typing import Any

from django import template

from thucthi.accounts import policy

register = template.Library()


@register.filter(name="administers")
def administers(user: Any) -> bool:
    return policy.administers(user)
