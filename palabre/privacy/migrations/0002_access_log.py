import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessRecord",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("admin", "Administration"),
                            ("coordinator", "Coordination"),
                            ("mediator", "Médiateur·rice"),
                            ("reception", "Accueil"),
                            ("board", "Membre du bureau"),
                            ("partner", "Partenaire prescripteur"),
                            ("network_staff", "Équipe du réseau"),
                        ],
                        max_length=20,
                        verbose_name="rôle",
                    ),
                ),
                ("read_at", models.DateTimeField(verbose_name="consulté le")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("case_page", "Page du dossier"),
                            ("notes", "Page du dossier avec ses notes privées"),
                            ("letter", "Courrier d'invitation (PDF)"),
                            ("attestation", "Attestation de tentative de médiation (PDF)"),
                            ("export", "Export de données personnelles"),
                            ("subject_access", "Export au titre du droit d'accès"),
                            ("training_sheet", "Feuille d'émargement (PDF)"),
                            ("training_certificate", "Attestation de formation (PDF)"),
                        ],
                        max_length=30,
                        verbose_name="nature",
                    ),
                ),
                ("case_id", models.UUIDField(blank=True, null=True, verbose_name="dossier")),
                (
                    "party_id",
                    models.UUIDField(blank=True, null=True, verbose_name="personne concernée"),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="nombre de lignes"
                    ),
                ),
                ("path", models.CharField(max_length=300, verbose_name="adresse de la page")),
                (
                    "membership",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.membership",
                        verbose_name="appartenance",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="organisation des données",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="personne",
                    ),
                ),
                (
                    "viewer_organisation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="organisation de la personne qui consulte",
                    ),
                ),
            ],
            options={
                "verbose_name": "consultation",
                "verbose_name_plural": "journal des consultations",
                "ordering": ["-read_at"],
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["organisation", "-read_at"], name="access_org_read_at"),
                    models.Index(fields=["organisation", "case_id"], name="access_org_case"),
                    models.Index(fields=["organisation", "party_id"], name="access_org_party"),
                    models.Index(fields=["organisation", "membership"], name="access_org_member"),
                    models.Index(fields=["read_at"], name="access_read_at"),
                ],
            },
        ),
    ]
