from django.apps import AppConfig

from thucthi.tasks import sources


class IndicatorsConfig(AppConfig):
    name = "thucthi.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu kế hoạch"

    def ready(self) -> None:
        from thucthi.indicators.models import Remedy

        sources.register("remedy", "Giải pháp khắc phục chỉ tiêu", Remedy)

        from thucthi.indicators import checks  # noqa: F401  (registers the thresholds check)
