from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thucthi.audit"
    label = "audit"
    verbose_name = "Nhật ký kiểm toán"

    def ready(self) -> None:
        from thucthi.audit import jobs  # noqa: F401  (registers the nightly chain check with the worker)
