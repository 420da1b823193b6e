import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_encrypted_text"),
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("code", models.CharField(editable=False, max_length=8, unique=True)),
                ("delivery", models.CharField(choices=[("LETTER", "Courrier d'invitation"), ("EMAIL", "E-mail"), ("SMS", "SMS")], max_length=10, verbose_name="envoyée par")),
                ("expires_at", models.DateTimeField(verbose_name="valable jusqu'au")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="lien retiré le")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="envoyée le")),
                ("send_attempts", models.PositiveSmallIntegerField(default=0, editable=False)),
                ("dropped", models.BooleanField(default=False, editable=False)),
                ("answer", models.CharField(blank=True, choices=[("BOOKED", "A choisi un créneau de permanence"), ("CALLBACK", "Demande à être rappelé·e"), ("DECLINED", "Ne souhaite pas participer")], max_length=10, verbose_name="réponse")),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="répondu le")),
                ("callback_days", models.CharField(blank=True, max_length=20, verbose_name="jours de rappel")),
                ("callback_bands", models.CharField(blank=True, max_length=60, verbose_name="heures de rappel")),
                ("callback_phone", models.CharField(blank=True, max_length=30, verbose_name="numéro à rappeler")),
                ("callback_done_at", models.DateTimeField(blank=True, null=True, verbose_name="rappel fait le")),
                ("callback_done_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="cases.case")),
                ("issued_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("party", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="cases.party")),
            ],
            options={
                "verbose_name": "invitation à prendre rendez-vous",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["organisation", "answer", "callback_done_at"], name="cases_invit_organis_448dec_idx")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(models.Q(("answer", ""), ("answered_at__isnull", True)), models.Q(models.Q(("answer", ""), _negated=True), ("answered_at__isnull", False)), _connector="OR"), name="invitation_answered_at_iff_answer"),
                    models.CheckConstraint(condition=models.Q(("answer", "CALLBACK"), models.Q(("callback_days", ""), ("callback_phone", "")), _connector="OR"), name="invitation_callback_only_when_asked"),
                ],
            },
        ),
    ]
