from django.apps import AppConfig

from thucthi.tasks import sources


class TasksConfig(AppConfig):
    name = "thucthi.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self) -> None:
        from thucthi.tasks.models import IssuedDocument

        sources.register("document", "Văn bản giao nhiệm vụ (kết luận, chỉ thị…)", IssuedDocument)

        from thucthi.tasks import jobs  # noqa: F401  (registers the morning chase with the worker)
