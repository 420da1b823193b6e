import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0005_intervention_person_and_followup"),
        ("organisations", "0001_initial"),
        ("partners", "0001_partners_venues_conventions"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoadmapRequest",
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
                    "place_label",
                    models.CharField(blank=True, max_length=80, verbose_name="précision du lieu"),
                ),
                ("text", models.CharField(max_length=200, verbose_name="ce qui est demandé")),
                ("first_day", models.DateField(verbose_name="du")),
                ("last_day", models.DateField(verbose_name="au")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("PENDING", "En attente de réponse"),
                            ("ACCEPTED", "Acceptée"),
                            ("DECLINED", "Déclinée"),
                        ],
                        default="PENDING",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="réponse le"),
                ),
                (
                    "decline_reason",
                    models.CharField(blank=True, max_length=300, verbose_name="motif du refus"),
                ),
                (
                    "asked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.membership",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.membership",
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
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="roadmap_requests",
                        to="partners.partner",
                        verbose_name="partenaire",
                    ),
                ),
                (
                    "residence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partners.residence",
                        verbose_name="résidence",
                    ),
                ),
            ],
            options={
                "verbose_name": "demande de passage",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddField(
            model_name="roadmapitem",
            name="partner_request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="items",
                to="field.roadmaprequest",
                verbose_name="à la demande de",
            ),
        ),
        migrations.AddIndex(
            model_name="roadmaprequest",
            index=models.Index(
                fields=["organisation", "status"], name="field_roadm_organis_f074d8_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="roadmaprequest",
            index=models.Index(fields=["partner", "status"], name="field_roadm_partner_0b2423_idx"),
        ),
        migrations.AddConstraint(
            model_name="roadmaprequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_day__gte", models.F("first_day"))),
                name="roadmap_request_period_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="roadmaprequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_at__isnull", True), ("status", "PENDING")),
                    models.Q(("decided_at__isnull", False), ("status", "ACCEPTED")),
                    models.Q(
                        ("decided_at__isnull", False),
                        ("status", "DECLINED"),
                        models.Q(("decline_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="roadmap_request_decision_follows_status",
            ),
        ),
    ]
