from __future__ import annotations

from django.db.models import Count, Prefetch

from thucthi.council.models import Resolution, Session


def session_featured() -> Session | None:
    """The session the home page shows: the most recent one with resolutions."""
    return (
        Session.objects.select_related("term__council")
        .annotate(n_resolutions=Count("resolutions"))
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("number")))
        .order_by("-start")
        .first()
    )


def session_detail(pk: int) -> Session | None:
    return (
        Session.objects.select_related("term__council")
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("number")))
        .filter(pk=pk)
        .first()
    )
