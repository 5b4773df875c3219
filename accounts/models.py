from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager

from .roles import Role


class UserQuerySet(models.QuerySet):
    def with_role(self, role):
        return self.filter(groups__name=role.group_name)


class LuminoUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person with an account. Logs in with e-mail; the username is internal."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    interests = TaggableManager(
        verbose_name=_("interests"),
        help_text=_("Topics you want to hear about; used to recommend courses."),
        blank=True,
    )

    objects = LuminoUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    def set_unusable_password(self):
        super().set_unusable_password()
        self._password_revoked = True

    def save(self, **kwargs):
        # A new password (from any form, the admin, a reset or a script) ends every API session.
        # `_password` is set by set_password() and not by the silent hash upgrade at login.
        revoke = not self._state.adding and (self._password is not None or getattr(self, "_password_revoked", False))
        if not revoke:
            super().save(**kwargs)
            return
        # Not at the top: tokens imports the JWT blacklist's models, which need this model loaded.
        from .tokens import revoke_refresh_tokens

        with transaction.atomic():
            super().save(**kwargs)
            revoke_refresh_tokens(user=self)
        self._password_revoked = False

    def has_role(self, role: Role):
        if self.is_superuser and role is not Role.MEMBER:
            return True
        return any(group.name == role.group_name for group in self.groups.all())


def display_name(user):
    """How allauth names a person in messages ("Signed in as …"): never the internal username."""
    return str(user)
