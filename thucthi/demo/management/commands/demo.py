from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thucthi.demo import loader


class Command(BaseCommand):
    help = "Nạp hoặc làm mới dữ liệu mẫu; chạy lại không thay đổi gì. / Load or refresh the demo data; running it again changes nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Chỉ in lỗi / print errors only")

    def handle(self, *args: Any, **options: Any) -> None:
        result = loader.load()
        if options["quiet"]:
            return
        ref = result.reference
        if ref.skipped:
            self.stdout.write("Danh mục đơn vị hành chính: đã có, không đổi. / Reference units: unchanged.")
        else:
            self.stdout.write(f"Danh mục đơn vị hành chính: thêm {ref.created}, cập nhật {ref.updated}, kế thừa {ref.successions}.")
        if result.session is not None:
            self.stdout.write(f"Kỳ họp mẫu: {result.session}.")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu lưu trong {loader.credentials_file()}):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<18} {login.password:<16} {login.role.label}")
