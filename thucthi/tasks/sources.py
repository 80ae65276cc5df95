"""Where tasks come from. One abstraction: any model registered here can be a task's source.

Each app registers its own sources with `register` in its AppConfig.ready() (council: a
resolution and a questioning commitment; tasks: an issued document; indicators: a remedy), so
this registry knows no other app, and every task list, filter and report handles them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class SourceKind:
    key: str
    label: str
    model: type[models.Model]


_REGISTRY: dict[str, SourceKind] = {}


def register(key: str, label: str, model: type[models.Model]) -> None:
    _REGISTRY[key] = SourceKind(key, label, model)


def kinds() -> list[SourceKind]:
    return list(_REGISTRY.values())


def kind_of(obj: models.Model) -> SourceKind | None:
    return kind_for_model(type(obj))


def kind_for_model(model: type[models.Model]) -> SourceKind | None:
    for kind in _REGISTRY.values():
        if issubclass(model, kind.model):
            return kind
    return None


def by_key(key: str) -> SourceKind | None:
    return _REGISTRY.get(key)
