import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_certification"),
        ("organisations", "0002_security_policy"),
        ("partners", "0002_venue_latitude_venue_longitude"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FundingCall",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("title", models.CharField(max_length=200, verbose_name="intitulé")),
                (
                    "amount_min",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=11,
                        null=True,
                        verbose_name="montant minimum (€)",
                    ),
                ),
                (
                    "amount_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=11,
                        null=True,
                        verbose_name="montant maximum (€)",
                    ),
                ),
                (
                    "amount_total",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="enveloppe totale (€)",
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="ouverture")),
                ("deadline", models.DateField(verbose_name="date limite de dépôt")),
                (
                    "eligibility",
                    models.TextField(blank=True, verbose_name="conditions d'éligibilité"),
                ),
                (
                    "legal_types",
                    models.JSONField(
                        blank=True, default=list, verbose_name="types de structure visés"
                    ),
                ),
                (
                    "domains",
                    models.JSONField(blank=True, default=list, verbose_name="domaines visés"),
                ),
                (
                    "regions",
                    models.JSONField(blank=True, default=list, verbose_name="régions visées"),
                ),
                ("url", models.URLField(blank=True, verbose_name="lien vers l'appel")),
                (
                    "status",
                    models.CharField(
                        choices=[("OPEN", "Ouvert"), ("CLOSED", "Clos")],
                        default="OPEN",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                (
                    "funder",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="funding_calls",
                        to="partners.partner",
                        verbose_name="financeur",
                    ),
                ),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="funding_calls",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "appel à projets",
                "ordering": ["deadline", "title"],
            },
        ),
        migrations.CreateModel(
            name="FundingApplication",
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
                    "stage",
                    models.CharField(
                        choices=[
                            ("INTEREST", "Intéressé"),
                            ("APPLIED", "Candidature déposée"),
                            ("OBTAINED", "Obtenu"),
                            ("REFUSED", "Refusé"),
                            ("WITHDRAWN", "Retiré"),
                        ],
                        default="INTEREST",
                        max_length=10,
                        verbose_name="étape",
                    ),
                ),
                ("interested_on", models.DateField(verbose_name="intérêt signalé le")),
                (
                    "applied_on",
                    models.DateField(blank=True, null=True, verbose_name="candidature déposée le"),
                ),
                (
                    "result_on",
                    models.DateField(blank=True, null=True, verbose_name="résultat connu le"),
                ),
                (
                    "amount_obtained",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=11,
                        null=True,
                        verbose_name="montant obtenu (€)",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="funding_applications",
                        to="network.member",
                    ),
                ),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "call",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="applications",
                        to="network.fundingcall",
                    ),
                ),
            ],
            options={
                "verbose_name": "candidature à un appel",
                "ordering": ["call__deadline", "member__name"],
            },
        ),
        migrations.CreateModel(
            name="FundingReminder",
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
                    "days_before",
                    models.PositiveSmallIntegerField(verbose_name="jours avant la date limite"),
                ),
                ("queued_at", models.DateTimeField()),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("dropped", models.BooleanField(default=False)),
                ("failures", models.PositiveSmallIntegerField(default=0)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="network.fundingapplication",
                    ),
                ),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "ordering": ["queued_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="fundingapplication",
            constraint=models.UniqueConstraint(
                fields=("call", "member"), name="funding_application_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingreminder",
            constraint=models.UniqueConstraint(
                fields=("application", "days_before"), name="funding_reminder_once"
            ),
        ),
    ]
