from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("field", "0001_teams_shifts_interventions")]

    operations = [
        migrations.AddField(
            model_name="intervention",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
    ]
