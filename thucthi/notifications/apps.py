from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thucthi.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
