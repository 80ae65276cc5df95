from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`thucthi bench units|tasks|indicators` and the generators behind them.

    The top layer beside web, api and cli: it reads every domain app, and no app imports it.
    No module here is named `tasks.py`: huey's consumer imports every app's `tasks` module
    (djhuey's autodiscovery) looking for jobs, and the benchmark of tasks has none.
    """

    name = "thucthi.bench"
    label = "bench"
    verbose_name = "Đo hiệu năng"
