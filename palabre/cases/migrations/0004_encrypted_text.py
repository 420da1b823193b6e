# Notes and statements sealed at rest (docs/adr/0014). The columns become (or stay) text; values
# written before read as they are until `manage.py rotate_data_keys --no-new-key` seals them.
from django.db import migrations

import palabre.core.crypto_fields


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_retention"), ("core", "0002_data_keys")]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="suspension_reason",
            field=palabre.core.crypto_fields.EncryptedTextField(
                blank=True, max_length=200, verbose_name="motif de suspension"
            ),
        ),
        migrations.AlterField(
            model_name="privatenote",
            name="text",
            field=palabre.core.crypto_fields.EncryptedTextField(verbose_name="note"),
        ),
    ]
