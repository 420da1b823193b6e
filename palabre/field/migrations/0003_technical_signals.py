import uuid

import django.db.models.deletion
from django.db import migrations, models

import palabre.field.watch


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("field", "0002_intervention_versions"),
        ("organisations", "0001_initial"),
        ("partners", "0001_partners_venues_conventions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignalRouting",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("organisation", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("public_space_partner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="partners.partner", verbose_name="destinataire pour l'espace public")),
            ],
            options={
                "verbose_name": "destinataires des signalements techniques",
            },
        ),
        migrations.CreateModel(
            name="TechnicalSignal",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("category", models.CharField(choices=[("LIGHTING", "Éclairage"), ("LIFT", "Ascenseur"), ("DOOR_ACCESS", "Porte, serrure, contrôle d'accès"), ("BROKEN_GLASS", "Vitre cassée"), ("GRAFFITI", "Tag, graffiti"), ("BULKY_WASTE", "Encombrants"), ("BINS", "Bacs et locaux à ordures"), ("LEAK", "Fuite d'eau"), ("FIRE_SAFETY", "Équipement de sécurité incendie"), ("SQUAT", "Squat, occupation"), ("ABANDONED_VEHICLE", "Véhicule abandonné"), ("VERMIN", "Nuisibles"), ("PLAYGROUND", "Aire de jeux"), ("OTHER", "Autre")], max_length=20, verbose_name="catégorie")),
                ("urgency", models.CharField(choices=[("DANGER", "Danger immédiat"), ("URGENT", "Urgent"), ("NORMAL", "Normal")], default="NORMAL", max_length=10, verbose_name="urgence")),
                ("place_kind", models.CharField(choices=[("RESIDENCE", "Résidence"), ("HALL", "Hall d'immeuble"), ("ADDRESS", "Adresse"), ("PUBLIC_SPACE", "Espace public"), ("TRANSPORT_LINE", "Ligne de transport")], max_length=20, verbose_name="type de lieu")),
                ("place_label", models.CharField(blank=True, max_length=80, verbose_name="précision du lieu")),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="description")),
                ("photo", models.FileField(blank=True, max_length=200, upload_to=palabre.field.watch._photo_path, verbose_name="photo")),
                ("status", models.CharField(choices=[("SENT", "Envoyé"), ("ACKNOWLEDGED", "Pris en compte"), ("RESOLVED", "Résolu")], default="SENT", max_length=12, verbose_name="état")),
                ("sent_at", models.DateTimeField(verbose_name="envoyé le")),
                ("due_at", models.DateTimeField(verbose_name="à résoudre avant le")),
                ("acknowledged_at", models.DateTimeField(blank=True, null=True, verbose_name="pris en compte le")),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="résolu le")),
                ("commune", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.commune", verbose_name="commune")),
                ("intervention", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="signals", to="field.intervention", verbose_name="intervention")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("partner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="technical_signals", to="partners.partner", verbose_name="destinataire")),
                ("quartier", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.quartier", verbose_name="quartier")),
                ("reported_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("residence", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="partners.residence", verbose_name="résidence")),
                ("shift", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="signals", to="field.shift", verbose_name="tournée")),
            ],
            options={
                "verbose_name": "signalement technique",
                "ordering": ["-sent_at"],
            },
        ),
        migrations.CreateModel(
            name="SignalReminder",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("step", models.CharField(choices=[("SENT", "Envoyé"), ("ACKNOWLEDGED", "Pris en compte"), ("RESOLVED", "Résolu")], max_length=12, verbose_name="étape")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("signal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="field.technicalsignal")),
            ],
            options={
                "verbose_name": "relance de signalement",
                "ordering": ["created_at"],
            },
        ),
        migrations.CreateModel(
            name="SignalLink",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("expires_at", models.DateTimeField(verbose_name="expire le")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("signal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links", to="field.technicalsignal")),
            ],
            options={
                "verbose_name": "lien de signalement",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddIndex(
            model_name="technicalsignal",
            index=models.Index(fields=["organisation", "status"], name="field_techn_organis_42f4f1_idx"),
        ),
        migrations.AddIndex(
            model_name="technicalsignal",
            index=models.Index(fields=["partner", "status"], name="field_techn_partner_8ae418_idx"),
        ),
        migrations.AddConstraint(
            model_name="technicalsignal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("place_kind__in", ("RESIDENCE", "HALL")), ("residence__isnull", False)),
                    models.Q(models.Q(("place_kind__in", ("RESIDENCE", "HALL")), _negated=True), ("residence__isnull", True)),
                    _connector="OR",
                ),
                name="signal_residence_for_residence_places",
            ),
        ),
        migrations.AddConstraint(
            model_name="technicalsignal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("acknowledged_at__isnull", True), ("resolved_at__isnull", True), ("status", "SENT")),
                    models.Q(("acknowledged_at__isnull", False), ("resolved_at__isnull", True), ("status", "ACKNOWLEDGED")),
                    models.Q(("acknowledged_at__isnull", False), ("resolved_at__isnull", False), ("status", "RESOLVED")),
                    _connector="OR",
                ),
                name="signal_dates_follow_status",
            ),
        ),
        migrations.AddConstraint(
            model_name="signalreminder",
            constraint=models.UniqueConstraint(fields=("signal", "step"), name="signal_reminded_once_per_step"),
        ),
    ]
