"""The indicators' configuration check, registered by IndicatorsConfig.ready() and run by `thucthi check`
(and by Django before serving), beside core's own checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from thucthi.indicators.forecast import thresholds_from_mapping


@register(Tags.compatibility)
def indicator_thresholds(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """THUCTHI_INDICATOR_THRESHOLDS names real thresholds, in a sensible order: caught at start,
    not when the first figure is approved."""
    try:
        thresholds_from_mapping(settings.INDICATOR_THRESHOLDS)
    except ValueError as exc:
        return [Error(f"THUCTHI_INDICATOR_THRESHOLDS: {exc}", hint="Xem docs/indicators.md, mục ngưỡng tình trạng.", id="thucthi.E004")]
    return []
