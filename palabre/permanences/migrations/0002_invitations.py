import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("permanences", "0001_initial"),
        ("cases", "0005_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="invitation",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="appointments", to="cases.invitation"),
        ),
        migrations.AddField(
            model_name="appointment",
            name="party",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="cases.party"),
        ),
        migrations.AlterField(
            model_name="appointment",
            name="channel",
            field=models.CharField(choices=[("STAFF", "Par le service"), ("PARTNER", "Par un partenaire"), ("PUBLIC", "En ligne par la personne"), ("INVITATION", "Par la personne, sur invitation"), ("WALK_IN", "Sans rendez-vous")], max_length=20, verbose_name="pris"),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.UniqueConstraint(condition=models.Q(("invitation__isnull", False), ("state__in", ["PENDING", "BOOKED", "CAME", "NO_SHOW"])), fields=("invitation",), name="appointment_one_per_invitation"),
        ),
    ]
