from django.db import migrations

GROUPS = ["Miembros", "Responsables de empresa", "Editores", "Mentores", "Agentes de soporte", "Dirección"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    # Wagtail's sample groups are replaced by the roles above; keep them only if in use.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
