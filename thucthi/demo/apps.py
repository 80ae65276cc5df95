from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "thucthi.demo"
    label = "demo"
