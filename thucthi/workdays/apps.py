from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "thucthi.workdays"
    label = "workdays"
    verbose_name = "Lịch làm việc"
