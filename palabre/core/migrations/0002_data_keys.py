import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("organisations", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="DataKey",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("wrapped_key", models.TextField(blank=True, editable=False)),
                (
                    "kek_id",
                    models.CharField(blank=True, max_length=40, verbose_name="clé maîtresse"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="créée le"
                    ),
                ),
                (
                    "superseded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="remplacée le"),
                ),
                (
                    "retired_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="retirée le"),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "clé de données",
                "ordering": ["organisation", "version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "version"), name="data_key_version_unique"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("superseded_at__isnull", True)),
                        fields=("organisation",),
                        name="one_active_data_key_per_organisation",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("retired_at__isnull", True),
                            ("superseded_at__isnull", False),
                            _connector="OR",
                        ),
                        name="data_key_retired_after_superseded",
                    ),
                ],
            },
        ),
    ]
