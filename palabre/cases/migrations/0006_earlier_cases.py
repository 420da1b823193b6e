# Earlier cases at intake and a person across cases (docs/adr/0027): keyed hashes of each
# party's name and telephone and of each household's address, written for the rows already there;
# the person a merge gathers records under; the team's answer about an earlier case.
import uuid

import django.db.models.deletion
from django.db import migrations, models

from palabre.cases import identity

BATCH = 1000


def write_keys(apps, schema_editor):
    for name, field, compute in (
        (
            "Party",
            "identity_key",
            lambda row: identity.person_key(
                row.organisation_id, row.first_name, row.last_name, row.phone
            ),
        ),
        (
            "Household",
            "address_key",
            lambda row: identity.address_key(row.organisation_id, row.address),
        ),
    ):
        model = apps.get_model("cases", name)
        changed = []
        for row in model.objects.iterator(chunk_size=BATCH):
            key = compute(row)
            if key != getattr(row, field):
                setattr(row, field, key)
                changed.append(row)
            if len(changed) == BATCH:
                model.objects.bulk_update(changed, [field])
                changed = []
        model.objects.bulk_update(changed, [field])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_invitations"),
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="Person",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
            ],
            options={"verbose_name": "personne suivie par le service"},
        ),
        migrations.AddField(
            model_name="household",
            name="address_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="party",
            name="identity_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="party",
            name="person",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="records", to="cases.person"),
        ),
        migrations.RunPython(write_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(condition=models.Q(("address_key", ""), _negated=True), fields=["organisation", "address_key"], name="household_address_key"),
        ),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(condition=models.Q(("identity_key", ""), _negated=True), fields=["organisation", "identity_key"], name="party_identity_key"),
        ),
        migrations.CreateModel(
            name="EarlierCaseAnswer",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("answer", models.CharField(choices=[("SAME", "Même conflit"), ("NEW", "Nouveau conflit")], max_length=10, verbose_name="réponse")),
                ("answered_at", models.DateTimeField(verbose_name="répondu le")),
                ("answered_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="earlier_answers", to="cases.case")),
                ("earlier_case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
            ],
            options={
                "verbose_name": "réponse sur un dossier antérieur",
                "constraints": [
                    models.UniqueConstraint(fields=("case", "earlier_case"), name="one_answer_per_earlier_case"),
                    models.CheckConstraint(condition=models.Q(("case", models.F("earlier_case")), _negated=True), name="earlier_case_is_another_case"),
                ],
            },
        ),
    ]
