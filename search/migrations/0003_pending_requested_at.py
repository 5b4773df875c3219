import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_pending_index_update"),
    ]

    operations = [
        migrations.RenameField(model_name="pendingindexupdate", old_name="created_at", new_name="requested_at"),
        migrations.AlterField(
            model_name="pendingindexupdate",
            name="requested_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="requested at"),
        ),
    ]
