import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='TotpDevice',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('secret', models.TextField(verbose_name='clé partagée (chiffrée)')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='activée le')),
                ('last_used_step', models.BigIntegerField(default=0, verbose_name='dernier pas de temps utilisé')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='totp_device', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': "application d'authentification",
            },
        ),
        migrations.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('selector', models.CharField(max_length=4)),
                ('code_hash', models.CharField(max_length=256)),
                ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='utilisé le')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recovery_codes', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'code de secours',
                'verbose_name_plural': 'codes de secours',
                'constraints': [models.UniqueConstraint(fields=('user', 'selector'), name='recovery_code_selector_unique_per_user')],
            },
        ),
    ]
