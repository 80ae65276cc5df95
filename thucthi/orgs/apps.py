from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "thucthi.orgs"
    label = "orgs"
    verbose_name = "Đơn vị và nhân sự"
