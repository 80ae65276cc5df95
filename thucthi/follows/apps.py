from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "thucthi.follows"
    label = "follows"
    verbose_name = "Theo dõi"

    def ready(self) -> None:
        from thucthi.follows import jobs  # noqa: F401  (registers the daily updates with the worker)
