from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='logins_blocked',
            field=models.BooleanField(default=False, help_text="Déconnecte tout de suite et refuse les connexions de toutes les personnes du service, sauf l'administration et la coordination, qui peuvent lever le blocage.", verbose_name='bloquer les connexions'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='mfa_required',
            field=models.BooleanField(default=False, help_text="Administration, coordination, accueil et équipe du réseau doivent saisir un code de leur application d'authentification à chaque connexion. Les médiateur·rices bénévoles, le bureau et les partenaires peuvent l'activer pour eux-mêmes.", verbose_name="double authentification obligatoire pour l'équipe salariée"),
        ),
    ]
