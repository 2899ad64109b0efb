from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "neighbourhood.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from neighbourhood.accounts.signals import ask_for_a_name, close_sockets_at_logout

        user_logged_out.connect(close_sockets_at_logout, dispatch_uid="close_sockets_at_logout")
        user_logged_in.connect(ask_for_a_name, dispatch_uid="ask_for_a_name")
