from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "thucthi.accountability"
    label = "accountability"
    verbose_name = "Trách nhiệm giải trình"
