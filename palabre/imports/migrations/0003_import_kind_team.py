from django.db import migrations, models

KINDS = [
    ("cases", "Dossiers de médiation"),
    ("partners", "Partenaires (annuaire)"),
    ("permanences", "Permanences"),
    ("team", "Équipe (bénévoles et salarié·es)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_import_kinds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importedrow",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="kind",
            field=models.CharField(
                choices=KINDS, default="cases", max_length=20, verbose_name="type"
            ),
        ),
        migrations.AlterField(
            model_name="rememberedmapping",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
    ]
