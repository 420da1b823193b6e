# A referral's earlier cases (docs/adr/0027): the coordination's answer, kept per earlier case.
import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_time_limits"),
        ("cases", "0006_earlier_cases"),
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferralEarlierAnswer",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                ("answer", models.CharField(choices=[("SAME", "Même conflit"), ("NEW", "Nouveau conflit")], max_length=10, verbose_name="réponse")),
                ("answered_at", models.DateTimeField(verbose_name="répondu le")),
                ("answered_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisations.membership")),
                ("earlier_case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation")),
                ("referral", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="earlier_answers", to="referrals.referral")),
            ],
            options={
                "verbose_name": "réponse sur un dossier antérieur",
                "constraints": [models.UniqueConstraint(fields=("referral", "earlier_case"), name="one_answer_per_referral_earlier_case")],
            },
        ),
    ]
