import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_retention"),
        ("cases", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RightsRequest",
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
                            ("ACCESS", "Accès"),
                            ("RECTIFICATION", "Rectification"),
                            ("OBJECTION", "Opposition"),
                            ("ERASURE", "Effacement"),
                            ("RESTRICTION", "Limitation"),
                        ],
                        max_length=20,
                        verbose_name="droit exercé",
                    ),
                ),
                ("received_on", models.DateField(verbose_name="reçue le")),
                (
                    "received_through",
                    models.CharField(
                        choices=[
                            ("LETTER", "Courrier"),
                            ("EMAIL", "E-mail"),
                            ("IN_PERSON", "Sur place"),
                        ],
                        max_length=20,
                        verbose_name="reçue par",
                    ),
                ),
                (
                    "details",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "En quelques mots, sans la donnée elle-même : par exemple "
                            "« corriger le numéro de téléphone ». Jamais de propos sur le conflit."
                        ),
                        max_length=300,
                        verbose_name="ce que la personne demande",
                    ),
                ),
                (
                    "identity_checked",
                    models.BooleanField(default=False, verbose_name="identité vérifiée"),
                ),
                (
                    "identity_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("ID_SHOWN", "Pièce d'identité présentée sur place (sans copie)"),
                            ("KNOWN_EMAIL", "Demande venue de l'adresse e-mail déjà connue"),
                            ("KNOWN_ADDRESS", "Réponse envoyée à l'adresse postale déjà connue"),
                            ("KNOWN_PHONE", "Rappel au numéro de téléphone déjà connu"),
                            ("KNOWN_TO_TEAM", "Personne reçue et reconnue par l'équipe"),
                        ],
                        max_length=20,
                        verbose_name="vérifiée comment",
                    ),
                ),
                ("deadline", models.DateField(verbose_name="à répondre au plus tard le")),
                (
                    "extended_on",
                    models.DateField(blank=True, null=True, verbose_name="délai prolongé le"),
                ),
                (
                    "extension_reason",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="motif de la prolongation"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("RECEIVED", "Reçue"),
                            ("IN_PROGRESS", "En cours"),
                            ("DONE", "Traitée"),
                            ("REFUSED", "Refusée"),
                        ],
                        default="RECEIVED",
                        max_length=20,
                        verbose_name="état",
                    ),
                ),
                (
                    "refusal_reason",
                    models.CharField(blank=True, max_length=500, verbose_name="motif du refus"),
                ),
                ("answered_on", models.DateField(blank=True, null=True, verbose_name="réponse le")),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="réponse par",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rights_requests",
                        to="organisations.organisation",
                    ),
                ),
                (
                    "parties",
                    models.ManyToManyField(
                        related_name="rights_requests", to="cases.party", verbose_name="la personne"
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
            ],
            options={
                "verbose_name": "demande d'exercice d'un droit",
                "verbose_name_plural": "demandes d'exercice des droits",
                "ordering": ["deadline", "received_on", "created_at"],
                "indexes": [
                    models.Index(
                        fields=["organisation", "status", "deadline"],
                        name="privacy_rig_organis_bd3c0e_idx",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("identity_checked", True), ("identity_method__gt", "")),
                            models.Q(("identity_checked", False), ("identity_method", "")),
                            _connector="OR",
                        ),
                        name="rights_identity_checked_iff_method",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("answered_on__isnull", False),
                                ("status__in", ["DONE", "REFUSED"]),
                            ),
                            models.Q(
                                models.Q(("status__in", ["DONE", "REFUSED"]), _negated=True),
                                ("answered_on__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="rights_answered_on_iff_answered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "REFUSED"), _negated=True),
                            ("refusal_reason__gt", ""),
                            _connector="OR",
                        ),
                        name="rights_refusal_has_a_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("extended_on__isnull", True), ("extension_reason", "")),
                            models.Q(("extended_on__isnull", False), ("extension_reason__gt", "")),
                            _connector="OR",
                        ),
                        name="rights_extension_has_a_reason",
                    ),
                ],
            },
        ),
    ]
