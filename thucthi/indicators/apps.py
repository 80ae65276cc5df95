from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "thucthi.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu kế hoạch"

    def ready(self) -> None:
        from thucthi.indicators.models import Remedy
        from thucthi.tasks import sources

        sources.register("remedy", "Giải pháp khắc phục chỉ tiêu", Remedy)
