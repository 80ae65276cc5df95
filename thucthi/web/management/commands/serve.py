"""`thucthi serve`: everything `make run` needs after the virtual environment exists.

Brings the database up to date, loads the demo data (a no-op when it is there), collects
static files, then runs gunicorn and the job worker side by side until stopped. It lives in the
web app, the top layer, because it assembles the whole program (the demo included); core stays
free of domain apps.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from thucthi.demo import loader

READY_TIMEOUT = 120  # seconds to wait for the first answer before giving up


def _process_age() -> float:
    """Seconds since this process started (Linux), so "ready in" counts Python's and Django's start
    too, not only the command's own work; 0 where /proc is not there."""
    try:
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own loopback server)
            return bool(response.status == 200)
    except OSError:
        return False


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tiến trình nền. / Run the web server (gunicorn) and the job worker."
    # The program is checked by its tests; the checks would import every view here only to throw
    # them away, and the server imports them again (once, in gunicorn's master).
    requires_system_checks: list[str] = []  # noqa: RUF012 (Django's own attribute)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"), help="Địa chỉ lắng nghe / bind address")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="Cổng / port")
        parser.add_argument("--workers", type=int, default=2, help="Số tiến trình web / web worker processes")
        parser.add_argument("--no-demo", action="store_true", help="Không nạp dữ liệu mẫu / skip demo data")
        parser.add_argument(
            "--log",
            default=None,
            help="Tệp nhật ký của máy chủ và tiến trình nền, '-' để in ra màn hình / server and worker log file, '-' for the console "
            "(mặc định / default: <THUCTHI_VAR_DIR>/logs/server.log)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic() - _process_age()
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"]:
            result = loader.load()
            logins = result.logins
        else:
            logins = []
        call_command("collectstatic", interactive=False, verbosity=0)
        connection.close()

        address = f"http://{options['host']}:{options['port']}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thucthi.settings"}
        bin_dir = os.path.dirname(sys.executable)
        log_path = options["log"] or str(Path(settings.VAR_DIR) / "logs" / "server.log")
        log: IO[str] | None = None
        if log_path != "-":
            Path(log_path).parent.mkdir(parents=True, exist_ok=True)
            log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 (open for the life of the server)
        worker = subprocess.Popen(
            [os.path.join(bin_dir, "thucthi"), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT if log else None
        )
        web = subprocess.Popen(
            [
                os.path.join(bin_dir, "gunicorn"),
                "thucthi.wsgi:application",
                "--config",
                "python:thucthi.web.gunicorn_conf",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
        )
        # "Ready" means answering: wait for the health check and the home page (warmed in the master).
        local = f"http://{'127.0.0.1' if options['host'] in ('0.0.0.0', '') else options['host']}:{options['port']}"  # noqa: S104
        deadline = time.monotonic() + READY_TIMEOUT
        while not (_answers(f"{local}/api/v1/health") and _answers(f"{local}/")):
            if web.poll() is not None or time.monotonic() > deadline:
                for proc in (web, worker):
                    if proc.poll() is None:
                        proc.terminate()
                raise CommandError(
                    f"Máy chủ web không trả lời; xem nhật ký / the web server does not answer; see the log: {log_path}"
                )
            time.sleep(0.2)
        db = settings.DATABASES["default"]
        self.stdout.write("")
        self.stdout.write(f"Thực Thi đang chạy tại / is running at: {address}")
        self.stdout.write(f"  Cơ sở dữ liệu / database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        self.stdout.write(f"  API: {address}/api/v1/  ·  tài liệu / docs: {address}/api/docs")
        if log is not None:
            self.stdout.write(f"  Nhật ký / log: {log_path}")
        if logins:
            self.stdout.write("  Tài khoản mẫu / demo logins (tên đăng nhập, mật khẩu, vai trò):")
            for login in logins:
                self.stdout.write(f"    {login.username:<18} {login.password:<16} {login.role.label}")
        self.stdout.write(f"  Sẵn sàng sau / ready in {time.monotonic() - started:.1f} s. Ctrl+C để dừng / to stop.")
        self.stdout.flush()

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping:
                for name, proc in (("web", web), ("worker", worker)):
                    if proc.poll() is not None:
                        stopping = True
                        self.stderr.write(f"Tiến trình {name} đã dừng (mã {proc.returncode}). / The {name} process exited.")
                time.sleep(0.5)
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.terminate()
            for proc in (web, worker):
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
            if log is not None:
                log.close()
        if web.returncode not in (0, -signal.SIGTERM) and not stopping:
            raise CommandError("Máy chủ web dừng bất thường.")
