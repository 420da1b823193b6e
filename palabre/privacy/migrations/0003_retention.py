import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _base():
    return [
        (
            "id",
            models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
        ),
        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
    ]


def _organisation(related_name="+", one=False):
    field = models.OneToOneField if one else models.ForeignKey
    return field(
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="organisations.organisation",
    )


def _user(**options):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        null=True,
        **options,
    )


def _months(default, label):
    return models.PositiveSmallIntegerField(default=default, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_access_log"),
        ("cases", "0003_retention"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RetentionRun",
            fields=[
                *_base(),
                ("started_at", models.DateTimeField(db_index=True, verbose_name="commencé le")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="terminé le"),
                ),
                ("counts", models.JSONField(blank=True, default=dict, verbose_name="effectifs")),
                ("organisation", _organisation()),
            ],
            options={
                "verbose_name": "passage de la conservation",
                "verbose_name_plural": "passages de la conservation",
                "ordering": ["-started_at"],
            },
        ),
        migrations.CreateModel(
            name="RetentionSchedule",
            fields=[
                *_base(),
                ("notes_months", _months(6, "Notes privées")),
                (
                    "other_party_months",
                    _months(0, "Autre partie qui a refusé ou n'a jamais répondu"),
                ),
                ("case_months", _months(24, "Dossiers clos")),
                ("referral_months", _months(24, "Orientations non suivies d'un dossier")),
                ("appointment_months", _months(12, "Rendez-vous de permanence sans dossier")),
                ("volunteer_months", _months(24, "Bénévoles et salariés (comptes Palabre)")),
                ("partner_contact_months", _months(24, "Contacts des partenaires")),
                ("network_contact_months", _months(12, "Contacts des structures membres")),
                ("organisation", _organisation("retention_schedule", one=True)),
                ("updated_by", _user(blank=True)),
            ],
            options={
                "verbose_name": "durées de conservation",
                "verbose_name_plural": "durées de conservation",
            },
        ),
        migrations.CreateModel(
            name="LegalHold",
            fields=[
                *_base(),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("DISPUTE", "Litige ou contentieux en cours"),
                            ("COURT_REQUEST", "Demande d'une juridiction ou d'une autorité"),
                            (
                                "RIGHTS_REQUEST",
                                "Demande d'exercice de droits en cours d'instruction",
                            ),
                            ("OTHER", "Autre obligation légale (précisée)"),
                        ],
                        max_length=20,
                        verbose_name="motif",
                    ),
                ),
                (
                    "detail",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "La juridiction, la référence de la procédure ou de la demande. "
                            "Jamais de propos des parties."
                        ),
                        max_length=200,
                        verbose_name="précision",
                    ),
                ),
                ("placed_at", models.DateTimeField(verbose_name="depuis le")),
                ("lifted_at", models.DateTimeField(blank=True, null=True, verbose_name="levée le")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_holds",
                        to="cases.case",
                    ),
                ),
                ("lifted_by", _user(blank=True)),
                ("organisation", _organisation()),
                ("placed_by", _user()),
            ],
            options={
                "verbose_name": "conservation pour motif légal",
                "verbose_name_plural": "conservations pour motif légal",
                "ordering": ["-placed_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("lifted_at__isnull", True)),
                        fields=("case",),
                        name="one_active_hold_per_case",
                    )
                ],
            },
        ),
    ]
