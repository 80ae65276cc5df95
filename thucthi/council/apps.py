from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "thucthi.council"
    label = "council"
    verbose_name = "Hội đồng nhân dân"
