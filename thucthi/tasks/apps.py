from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "thucthi.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self) -> None:
        from thucthi.tasks import sources

        sources.register_builtin()
