from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_referrer_landlord_residence")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="anonymisé le"
            ),
        ),
    ]
