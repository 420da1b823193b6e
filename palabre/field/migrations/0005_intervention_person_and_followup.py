import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0004_shift_reports_and_safety"),
        ("cases", "0001_initial"),
        ("organisations", "0001_initial"),
        ("partners", "0001_partners_venues_conventions"),
    ]

    operations = [
        migrations.AddField(
            model_name="intervention",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.case",
                verbose_name="dossier de médiation ouvert",
            ),
        ),
        migrations.CreateModel(
            name="NamedPerson",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("first_name", models.CharField(blank=True, max_length=80, verbose_name="prénom")),
                ("last_name", models.CharField(blank=True, max_length=80, verbose_name="nom")),
                (
                    "usual_name",
                    models.CharField(
                        blank=True, max_length=80, verbose_name="nom d'usage ou surnom"
                    ),
                ),
                ("phone", models.CharField(blank=True, max_length=30, verbose_name="téléphone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                (
                    "agreed_to_be_named",
                    models.BooleanField(default=False, verbose_name="accepte d'être nommée"),
                ),
                (
                    "agreed_to_be_contacted",
                    models.BooleanField(default=False, verbose_name="accepte d'être contactée"),
                ),
                (
                    "agreed_to_be_oriented",
                    models.BooleanField(
                        default=False, verbose_name="accepte d'être orientée vers un partenaire"
                    ),
                ),
                ("consent_recorded_at", models.DateTimeField(verbose_name="accord recueilli le")),
                (
                    "consent_recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.membership",
                        verbose_name="accord recueilli par",
                    ),
                ),
                (
                    "intervention",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="person",
                        to="field.intervention",
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
                "verbose_name": "personne nommée",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("agreed_to_be_named", True),
                            models.Q(("first_name", ""), ("last_name", ""), ("usual_name", "")),
                            _connector="OR",
                        ),
                        name="named_person_named_only_with_agreement",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("agreed_to_be_contacted", True),
                            models.Q(("email", ""), ("phone", "")),
                            _connector="OR",
                        ),
                        name="named_person_contact_only_with_agreement",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("agreed_to_be_named", True),
                            ("agreed_to_be_contacted", True),
                            ("agreed_to_be_oriented", True),
                            _connector="OR",
                        ),
                        name="named_person_has_an_agreement",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PartnerOrientation",
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
                    "reason",
                    models.CharField(
                        choices=[
                            ("HOUSING", "Logement, relation avec le bailleur"),
                            ("NEIGHBOURHOOD_CONFLICT", "Conflit de voisinage"),
                            ("RIGHTS", "Accès aux droits, démarches administratives"),
                            ("LEGAL_ADVICE", "Conseil juridique, accès au droit"),
                            ("SOCIAL_SUPPORT", "Accompagnement social, aide matérielle"),
                            ("SHELTER", "Mise à l'abri, hébergement"),
                            ("ISOLATION", "Isolement, lien social"),
                            ("YOUTH", "Jeunesse, prévention"),
                            ("EMPLOYMENT", "Emploi, formation, insertion"),
                            ("OTHER", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="motif",
                    ),
                ),
                ("oriented_on", models.DateField(verbose_name="date de l'orientation")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("PROPOSED", "Proposée"),
                            ("ACCEPTED", "Acceptée par la personne"),
                            ("CONTACT_MADE", "Contact pris"),
                        ],
                        default="PROPOSED",
                        max_length=20,
                        verbose_name="état",
                    ),
                ),
                (
                    "status_changed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="état changé le"),
                ),
                (
                    "intervention",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="orientations",
                        to="field.intervention",
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
                        related_name="+",
                        to="partners.partner",
                        verbose_name="partenaire",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.membership",
                    ),
                ),
            ],
            options={
                "verbose_name": "orientation vers un partenaire",
                "ordering": ["oriented_on", "created_at"],
                "indexes": [
                    models.Index(
                        fields=["organisation", "oriented_on"],
                        name="field_partn_organis_e13961_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("intervention", "partner"), name="one_orientation_per_partner"
                    )
                ],
            },
        ),
    ]
