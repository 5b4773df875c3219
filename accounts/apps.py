from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import user_signed_up

        from .roles import sync_role_permissions
        from .signals import add_to_members

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
        user_signed_up.connect(add_to_members, dispatch_uid="accounts.add_to_members")
