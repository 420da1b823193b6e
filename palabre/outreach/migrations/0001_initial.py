import django.db.models.deletion
import palabre.outreach.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0006_earlier_cases"),
        ("core", "0002_data_keys"),
        ("organisations", "0002_security_policy"),
        ("partners", "0002_venue_latitude_venue_longitude"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutreachAction",
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
                    "kind",
                    models.CharField(
                        choices=[
                            ("DOOR_TO_DOOR", "Porte-à-porte dans une résidence"),
                            ("MARKET", "Présence sur un marché"),
                            ("NEIGHBOURHOOD_PARTY", "Stand à une fête de quartier"),
                            ("NEIGHBOURS_WEEK", "Semaine du voisinage"),
                            ("FORUM", "Forum (associatif, accès aux droits)"),
                            (
                                "TENANTS_MEETING",
                                "Réunion d'information avec les locataires d'un bailleur",
                            ),
                            ("FOOT_OF_BUILDING", "Rencontre en bas d'immeuble"),
                            ("OTHER", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="type d'action",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="intitulé")),
                ("starts_at", models.DateTimeField(verbose_name="début")),
                ("ends_at", models.DateTimeField(verbose_name="fin")),
                (
                    "place_name",
                    models.CharField(blank=True, max_length=150, verbose_name="nom du lieu"),
                ),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="adresse")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("PLANNED", "Prévue"),
                            ("HELD", "Tenue"),
                            ("CANCELLED", "Annulée"),
                        ],
                        default="PLANNED",
                        max_length=12,
                        verbose_name="état",
                    ),
                ),
                (
                    "doors_knocked",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="portes frappées"
                    ),
                ),
                (
                    "households_met",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="ménages rencontrés"
                    ),
                ),
                (
                    "people_informed",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="personnes informées"
                    ),
                ),
                (
                    "contacts_made",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="contacts pris"
                    ),
                ),
                (
                    "hours",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        verbose_name="heures passées",
                    ),
                ),
                (
                    "topics",
                    models.JSONField(blank=True, default=list, verbose_name="sujets abordés"),
                ),
                (
                    "public_description",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="description publique"
                    ),
                ),
                (
                    "cases",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="cases.case",
                        verbose_name="dossiers ouverts",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.commune",
                        verbose_name="commune",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outreach_actions",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "partners",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="partners.partner",
                        verbose_name="partenaires associés",
                    ),
                ),
                (
                    "quartier",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.quartier",
                        verbose_name="quartier",
                    ),
                ),
                (
                    "residence",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="outreach_actions",
                        to="partners.residence",
                        verbose_name="résidence",
                    ),
                ),
                (
                    "team",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="organisations.membership",
                        verbose_name="équipe",
                    ),
                ),
                (
                    "venue",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partners.venue",
                        verbose_name="lieu d'accueil",
                    ),
                ),
            ],
            options={
                "verbose_name": "action d'aller-vers",
                "ordering": ["-starts_at"],
            },
        ),
        migrations.CreateModel(
            name="OutreachPhoto",
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
                    "image",
                    models.FileField(
                        max_length=200,
                        upload_to=palabre.outreach.models._photo_path,
                        verbose_name="photo",
                    ),
                ),
                ("caption", models.CharField(blank=True, max_length=200, verbose_name="légende")),
                (
                    "consent_recorded_at",
                    models.DateTimeField(
                        blank=True,
                        null=True,
                        verbose_name="consentement des personnes photographiées recueilli le",
                    ),
                ),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="outreach.outreachaction",
                    ),
                ),
                (
                    "consent_recorded_by",
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
            ],
            options={
                "verbose_name": "photo d'action d'aller-vers",
                "ordering": ["created_at"],
            },
        ),
        migrations.AddIndex(
            model_name="outreachaction",
            index=models.Index(
                fields=["organisation", "starts_at"], name="outreach_ou_organis_77a6b9_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="outreachaction",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                name="outreach_ends_after_start",
            ),
        ),
    ]
