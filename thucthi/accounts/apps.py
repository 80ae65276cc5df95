from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thucthi.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
