from django.apps import AppConfig

from thucthi.tasks import sources


class CouncilConfig(AppConfig):
    name = "thucthi.council"
    label = "council"
    verbose_name = "Hội đồng nhân dân"

    def ready(self) -> None:
        from thucthi.council.models import Commitment, Resolution

        sources.register("resolution", "Nghị quyết", Resolution)
        sources.register("commitment", "Cam kết khi trả lời chất vấn", Commitment)
