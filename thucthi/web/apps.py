from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thucthi.web"
    label = "web"
