from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thucthi.core"
    label = "core"

    def ready(self) -> None:
        from thucthi.core import checks, tasks  # noqa: F401  (registers the checks and the heartbeat job)
