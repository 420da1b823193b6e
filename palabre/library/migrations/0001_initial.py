"""The resource library: tags, resources and their versions; unaccent on PostgreSQL."""

import django.db.models.deletion
import palabre.library.models
import uuid
from django.conf import settings
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('network', '0003_certification'),
        ('organisations', '0002_security_policy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # PostgreSQL only (the operation does nothing elsewhere): the library's full-text
        # search folds accents with unaccent() (palabre/library/search.py).
        UnaccentExtension(),
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('name', models.CharField(max_length=60, verbose_name='mot-clé')),
                ('slug', models.SlugField(max_length=60)),
                ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
            ],
            options={
                'verbose_name': 'mot-clé',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('kind', models.CharField(choices=[('DOCUMENT', 'Document'), ('PRACTICE_SHEET', 'Fiche pratique'), ('TEMPLATE', 'Modèle'), ('STUDY', 'Étude'), ('VIDEO', 'Vidéo'), ('LINK', 'Lien web')], max_length=20, verbose_name='type')),
                ('title', models.CharField(max_length=200, verbose_name='titre')),
                ('summary', models.TextField(max_length=2000, verbose_name='résumé')),
                ('audience', models.CharField(choices=[('MEDIATORS', 'Médiateurs et médiatrices'), ('COORDINATORS', 'Coordination'), ('DIRECTORS', 'Direction'), ('PARTNERS', 'Partenaires'), ('PUBLIC', 'Grand public')], max_length=20, verbose_name='public visé')),
                ('licence', models.CharField(choices=[('ALL_RIGHTS_RESERVED', 'Tous droits réservés'), ('CC_BY', 'CC BY'), ('CC_BY_SA', 'CC BY-SA'), ('CC_BY_NC', 'CC BY-NC'), ('ETALAB_2', 'Licence Ouverte / Etalab 2.0'), ('OTHER', 'Autre licence')], max_length=30, verbose_name='licence')),
                ('visibility', models.CharField(choices=[('PUBLIC', 'Public'), ('MEMBERS', 'Membres du réseau'), ('POLE', 'Un pôle régional')], max_length=10, verbose_name='visible par')),
                ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='adresse')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='retirée le')),
                ('search_title', models.CharField(blank=True, editable=False, max_length=200)),
                ('search_text', models.TextField(blank=True, editable=False)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='organisations.organisation', verbose_name='structure autrice')),
                ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='library_resources', to='organisations.organisation')),
                ('pole', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='network.pole', verbose_name='pôle régional')),
                ('tags', models.ManyToManyField(blank=True, related_name='resources', to='library.tag')),
            ],
            options={
                'verbose_name': 'ressource partagée',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='ResourceVersion',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                ('file', models.FileField(blank=True, max_length=300, upload_to=palabre.library.models.version_path, verbose_name='fichier')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='nom du fichier')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='taille (octets)')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name='adresse')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='ce qui change')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='library.resource')),
            ],
            options={
                'verbose_name': "version d'une ressource",
                'ordering': ['-number'],
                'constraints': [models.UniqueConstraint(fields=('resource', 'number'), name='library_version_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='tag',
            constraint=models.UniqueConstraint(fields=('network', 'slug'), name='library_tag_once'),
        ),
        migrations.AddConstraint(
            model_name='resource',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('pole__isnull', False), ('visibility', 'POLE')), models.Q(models.Q(('visibility', 'POLE'), _negated=True), ('pole__isnull', True)), _connector='OR'), name='library_resource_pole_only_when_pole_visibility'),
        ),
    ]
