from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thucthi.accounts.models import User
from thucthi.accounts.services import token_create
from thucthi.core.errors import DomainError


class Command(BaseCommand):
    help = "Mã truy cập API: `token create TÊN_ĐĂNG_NHẬP`. / API tokens: `token create USERNAME` prints a new token."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Cấp mã mới và in ra (chỉ một lần) / create a token and print it once")
        create.add_argument("username", help="Tên đăng nhập / username")
        create.add_argument("--name", default="cli", help="Tên gợi nhớ / a label for the token")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”. / No such user.")
        try:
            # The operator at the console acts as the system, like Django's createsuperuser.
            secret = token_create(actor=None, user=user, name=options["name"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(secret)
