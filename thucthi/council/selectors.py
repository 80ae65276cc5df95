from __future__ import annotations

from django.db.models import Count, Prefetch

from thucthi.council.models import Resolution, Session


def sessions_recent(limit: int = 3) -> list[Session]:
    """The sessions the home page shows: the latest ones that passed resolutions."""
    return list(
        Session.objects.select_related("term__council")
        .annotate(n_resolutions=Count("resolutions"))
        .filter(n_resolutions__gt=0)
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("number")))
        .order_by("-start", "-id")[:limit]
    )

