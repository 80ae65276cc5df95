from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thucthi.core"
    label = "core"

    def ready(self) -> None:
        from thucthi.core import checks  # noqa: F401  (registers the checks)
