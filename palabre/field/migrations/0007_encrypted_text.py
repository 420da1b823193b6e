# Field notes, shift reports and serious events sealed at rest (docs/adr/0014). The columns become
# (or stay) text; values written before read as they are until `manage.py rotate_data_keys
# --no-new-key` seals them.
from django.db import migrations

import palabre.core.crypto_fields


class Migration(migrations.Migration):
    dependencies = [("field", "0006_partner_roadmap_requests"), ("core", "0002_data_keys")]

    operations = [
        migrations.AlterField(
            model_name="intervention",
            name="note",
            field=palabre.core.crypto_fields.EncryptedTextField(
                blank=True, max_length=500, verbose_name="note pour l'équipe"
            ),
        ),
        migrations.AlterField(
            model_name="seriousevent",
            name="description",
            field=palabre.core.crypto_fields.EncryptedTextField(
                blank=True, verbose_name="description pour la coordination"
            ),
        ),
        migrations.AlterField(
            model_name="shiftreport",
            name="summary",
            field=palabre.core.crypto_fields.EncryptedTextField(
                blank=True, verbose_name="compte rendu pour la coordination"
            ),
        ),
    ]
