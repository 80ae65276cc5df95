"""Browser tests drive Debian's Chromium (never a downloaded one) against a real server:
`thucthi serve` — gunicorn, the job worker and the demo data — in a temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Server:
    url: str
    logins: dict[str, str]
    var_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    var_dir = tmp_path_factory.mktemp("var")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["THUCTHI_VAR_DIR"] = str(var_dir)
    thucthi = Path(sys.executable).parent / "thucthi"
    log = (var_dir / "server.log").open("w")
    proc = subprocess.Popen([str(thucthi), "serve", "--port", str(port), "--workers", "2", "--log", "-"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as response:  # noqa: S310 (our own loopback server)
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("thucthi serve did not start:\n" + (var_dir / "server.log").read_text())
        time.sleep(0.5)
    logins = dict(line.split("\t", 1) for line in (var_dir / "demo-logins.txt").read_text().splitlines())
    yield Server(url, logins, var_dir)
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    pg = context.new_page()
    # Irreversible actions ask "…?" first (data-confirm in site.js); the journeys answer yes.
    pg.on("dialog", lambda dialog: dialog.accept())
    yield pg
    context.close()


def login(page: Page, server: Server, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(server.logins[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
