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
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from thucthi.demo import loader


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và tiến trình nền. / Run the web server (gunicorn) and the job worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"), help="Địa chỉ lắng nghe / bind address")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="Cổng / port")
        parser.add_argument("--workers", type=int, default=2, help="Số tiến trình web / web worker processes")
        parser.add_argument("--no-demo", action="store_true", help="Không nạp dữ liệu mẫu / skip demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
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
        worker = subprocess.Popen([os.path.join(bin_dir, "thucthi"), "worker"], env=env)
        web = subprocess.Popen(
            [
                os.path.join(bin_dir, "gunicorn"), "thucthi.wsgi:application",
                "--bind", f"{options['host']}:{options['port']}", "--workers", str(options["workers"]),
                "--access-logfile", "-", "--graceful-timeout", "10",
            ],
            env=env,
        )
        db = settings.DATABASES["default"]
        self.stdout.write("")
        self.stdout.write(f"Thực Thi đang chạy tại / is running at: {address}")
        self.stdout.write(f"  Cơ sở dữ liệu / database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        self.stdout.write(f"  API: {address}/api/v1/  ·  tài liệu / docs: {address}/api/docs")
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
        if web.returncode not in (0, -signal.SIGTERM) and not stopping:
            raise CommandError("Máy chủ web dừng bất thường.")
