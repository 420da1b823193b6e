"""Time limits on every way in (docs/adr/0020): the service's targets, each referral's two due
dates and its first contact attempt, the steps of a time limit and their messages.

Referrals already answered get their due dates from their reception and the default targets, so
that the figures can say whether they were answered in time. Referrals still waiting get them
from the upgrade, as if they had arrived then: none is closed, nor anyone told, the first time
``remind_referrals`` runs after an upgrade.
"""

import datetime as dt
import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

FIRST_CONTACT_DAYS, DECISION_DAYS = 10, 30


def set_due_dates(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    now = timezone.now()
    for referral in Referral.objects.only("pk", "decision", "received_at").iterator():
        start = now if referral.decision == "PENDING" else referral.received_at
        Referral.objects.filter(pk=referral.pk).update(
            contact_due_at=start + dt.timedelta(days=FIRST_CONTACT_DAYS),
            decision_due_at=start + dt.timedelta(days=DECISION_DAYS),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("referrals", "0001_referrals_and_links"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferralTarget",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("first_contact_days", models.PositiveSmallIntegerField(default=10, verbose_name="premier contact tenté dans les (jours)")),
                ("decision_days", models.PositiveSmallIntegerField(default=30, verbose_name="décision dans les (jours)")),
                ("changed_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("organisation", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="referral_target", to="organisations.organisation")),
            ],
            options={"verbose_name": "délais des orientations"},
        ),
        migrations.AddConstraint(
            model_name="referraltarget",
            constraint=models.CheckConstraint(
                condition=models.Q(("first_contact_days__gte", 1), ("first_contact_days__lte", models.F("decision_days"))),
                name="referral_target_contact_before_decision",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="contact_due_at",
            field=models.DateTimeField(null=True, verbose_name="premier contact à tenter avant le"),
        ),
        migrations.AddField(
            model_name="referral",
            name="decision_due_at",
            field=models.DateTimeField(null=True, verbose_name="décision à prendre avant le"),
        ),
        migrations.AddField(
            model_name="referral",
            name="first_contact_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="premier contact tenté le"),
        ),
        migrations.AddField(
            model_name="referral",
            name="first_contact_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership"),
        ),
        migrations.AddField(
            model_name="referral",
            name="first_contact_channel",
            field=models.CharField(blank=True, choices=[("LETTER", "Courrier"), ("SECOND_LETTER", "Second courrier"), ("REGISTERED_LETTER", "Lettre recommandée (déconseillée)"), ("PHONE", "Téléphone"), ("SMS", "SMS"), ("EMAIL", "E-mail"), ("DOOR_TO_DOOR", "Porte-à-porte"), ("NOTICE_LEFT", "Avis déposé"), ("VIA_REFERRER", "Par le prescripteur")], max_length=30, verbose_name="premier contact tenté par"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="decision",
            field=models.CharField(choices=[("PENDING", "À traiter"), ("ACCEPTED", "Acceptée"), ("DECLINED", "Non retenue"), ("REORIENTED", "Réorientée"), ("LAPSED", "Close sans réponse dans le délai")], default="PENDING", max_length=20, verbose_name="suite donnée"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["decision", "decision_due_at"], name="referral_decision_due_idx"),
        ),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.CheckConstraint(
                condition=models.Q(("first_contact_at__isnull", True), models.Q(("first_contact_channel", ""), _negated=True), _connector="OR"),
                name="referral_first_contact_with_channel",
            ),
        ),
        migrations.RunPython(set_due_dates, migrations.RunPython.noop),
        migrations.CreateModel(
            name="DeadlineStep",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("step", models.CharField(choices=[("REMINDER", "Relance de la coordination"), ("LAPSE", "Clôture sans réponse dans le délai")], max_length=12, verbose_name="étape")),
                ("due_at", models.DateTimeField(verbose_name="échéance")),
                ("queued_at", models.DateTimeField(verbose_name="confiée au worker le")),
                ("performed_at", models.DateTimeField(blank=True, null=True, verbose_name="faite le")),
                ("moot", models.BooleanField(default=False, verbose_name="sans objet")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("referral", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deadline_steps", to="referrals.referral")),
            ],
            options={"verbose_name": "étape du délai d'une orientation", "ordering": ["due_at"]},
        ),
        migrations.AddConstraint(
            model_name="deadlinestep",
            constraint=models.UniqueConstraint(fields=("referral", "step"), name="referral_step_once"),
        ),
        migrations.CreateModel(
            name="DeadlineNotice",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("audience", models.CharField(choices=[("COORDINATION", "Coordination"), ("REFERRER", "Prescripteur"), ("PERSON", "Personne orientée")], max_length=12, verbose_name="destinataire")),
                ("channel", models.CharField(choices=[("EMAIL", "E-mail"), ("SMS", "SMS")], max_length=8, verbose_name="moyen")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="envoyé le")),
                ("failures", models.PositiveSmallIntegerField(default=0, verbose_name="échecs")),
                ("dropped", models.BooleanField(default=False, verbose_name="abandonné")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("step", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notices", to="referrals.deadlinestep")),
                ("membership", models.ForeignKey(blank=True, help_text="La personne de la coordination à qui il est adressé.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.membership")),
            ],
            options={"verbose_name": "message d'une étape du délai", "ordering": ["created_at"]},
        ),
        migrations.AddConstraint(
            model_name="deadlinenotice",
            constraint=models.UniqueConstraint(condition=models.Q(("membership__isnull", True)), fields=("step", "audience"), name="deadline_notice_once"),
        ),
        migrations.AddConstraint(
            model_name="deadlinenotice",
            constraint=models.UniqueConstraint(condition=models.Q(("membership__isnull", False)), fields=("step", "membership"), name="deadline_notice_once_per_member"),
        ),
    ]
