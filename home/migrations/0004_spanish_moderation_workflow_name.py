"""Wagtail's migrations create the default workflow and its task as "Moderators approval"; editors
read the name in Spanish ("Enviar a Aprobación de moderadores"). A name someone changed is kept."""

from django.db import migrations

ENGLISH = "Moderators approval"
SPANISH = "Aprobación de moderadores"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_spanish(apps, schema_editor):
    rename(apps, ENGLISH, SPANISH)


def to_english(apps, schema_editor):
    rename(apps, SPANISH, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [("home", "0003_featured_page_types"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(to_spanish, to_english)]
