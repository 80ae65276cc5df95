from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thucthi.notifications"
    label = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from thucthi.notifications import jobs  # noqa: F401  (registers the e-mail job with the worker)
