import factory

from accounts.models import User
from accounts.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name", locale="es_ES")
    last_name = factory.Faker("last_name", locale="es_ES")
    password = factory.django.Password("correct-horse-battery")
    # Tests assert the English source strings; tests of Spanish e-mail set language="es".
    language = "en"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        from django.contrib.auth.models import Group

        self.groups.add(*Group.objects.filter(name__in=[role.group_name for role in extracted]))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary e-mail, as allauth expects for a usable account."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})


def make_person(username, *roles, **fields):
    return UserFactory(username=username, roles=list(roles), **fields)


__all__ = ["Role", "UserFactory", "make_person"]
