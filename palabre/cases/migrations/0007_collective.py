import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_earlier_cases"),
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="wording",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="formulation de l'engagement"
            ),
        ),
        migrations.CreateModel(
            name="CollectiveMediation",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("PREVENTIVE", "Préventive"),
                            ("PROJECT", "Projet"),
                            ("CURATIVE", "Curative"),
                        ],
                        max_length=20,
                        verbose_name="dimension",
                    ),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="collective",
                        to="cases.case",
                    ),
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
                "verbose_name": "médiation collective",
            },
        ),
        migrations.CreateModel(
            name="PartyGroup",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("name", models.CharField(max_length=120, verbose_name="nom du groupe")),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="Qui le groupe réunit, sans nom de personne ni propos.",
                        max_length=300,
                        verbose_name="description",
                    ),
                ),
                (
                    "estimated_size",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="nombre estimé de personnes"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="party_groups",
                        to="cases.case",
                    ),
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
                "verbose_name": "groupe de parties",
                "ordering": ["created_at"],
            },
        ),
        migrations.CreateModel(
            name="GroupAttendance",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "present_count",
                    models.PositiveSmallIntegerField(verbose_name="personnes présentes"),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="cases.meeting",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "present_parties",
                    models.ManyToManyField(blank=True, related_name="+", to="cases.party"),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="cases.partygroup",
                    ),
                ),
            ],
            options={
                "ordering": ["group__created_at"],
            },
        ),
        migrations.AddField(
            model_name="commitment",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="commitments",
                to="cases.partygroup",
                verbose_name="pris par le groupe",
            ),
        ),
        migrations.AddField(
            model_name="party",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="parties",
                to="cases.partygroup",
                verbose_name="groupe",
            ),
        ),
        migrations.AddConstraint(
            model_name="partygroup",
            constraint=models.UniqueConstraint(
                fields=("case", "name"), name="group_name_unique_per_case"
            ),
        ),
        migrations.AddConstraint(
            model_name="groupattendance",
            constraint=models.UniqueConstraint(
                fields=("meeting", "group"), name="one_attendance_per_group_and_meeting"
            ),
        ),
    ]
