import django.db.models.deletion
import palabre.core.crypto_fields
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_encrypted_text'),
        ('network', '0003_certification'),
        ('organisations', '0002_security_policy'),
        ('privacy', '0004_rights_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeGiven',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('kind', models.CharField(choices=[('REQUESTER', "Demandeur·euse, à l'accueil"), ('OTHER_PARTY', "Autre partie (art. 14, courrier d'invitation)"), ('PARTICIPANT', "Participant·e d'une médiation collective"), ('VOLUNTEER', 'Bénévoles et salarié·es du service'), ('NETWORK_MEMBER', 'Membres du réseau')], max_length=20, verbose_name="texte d'information")),
                ('version', models.CharField(max_length=20, verbose_name='version')),
                ('method', models.CharField(choices=[('LETTER', 'Courrier'), ('HANDED', 'Remise en main propre'), ('EMAIL', 'E-mail'), ('ONLINE', 'Formulaire en ligne'), ('ORAL', 'Expliquée de vive voix, document proposé')], max_length=20, verbose_name='remise')),
                ('given_at', models.DateTimeField(verbose_name='remise le')),
                ('member_contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network.membercontact')),
                ('membership', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.membership')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                ('party', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.party')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'information remise',
                'verbose_name_plural': 'informations remises',
                'ordering': ['-given_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('member_contact__isnull', True), ('membership__isnull', True), ('party__isnull', False)), models.Q(('member_contact__isnull', True), ('membership__isnull', False), ('party__isnull', True)), models.Q(('member_contact__isnull', False), ('membership__isnull', True), ('party__isnull', True)), _connector='OR'), name='notice_given_to_one_person'), models.UniqueConstraint(condition=models.Q(('party__isnull', False)), fields=('party', 'kind', 'version', 'method'), name='notice_given_once_per_party'), models.UniqueConstraint(condition=models.Q(('membership__isnull', False)), fields=('membership', 'kind', 'version', 'method'), name='notice_given_once_per_membership'), models.UniqueConstraint(condition=models.Q(('member_contact__isnull', False)), fields=('member_contact', 'kind', 'version', 'method'), name='notice_given_once_per_member_contact')],
            },
        ),
        migrations.CreateModel(
            name='SafetyReport',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                ('reason', models.CharField(choices=[('PERSON_INTEGRITY', "Danger pour l'intégrité physique ou psychologique d'une personne"), ('CHILD_INTEREST', "Protection de l'intérêt supérieur d'un enfant"), ('PUBLIC_ORDER', "Raison impérieuse d'ordre public")], max_length=30, verbose_name='motif')),
                ('recipient', models.CharField(choices=[('POLICE', 'Police ou gendarmerie (17)'), ('CRIP', 'Cellule de recueil des informations préoccupantes (CRIP) du département'), ('EMERGENCY', "SAMU ou secours d'urgence (15, 112)"), ('PROSECUTOR', 'Procureur de la République')], max_length=20, verbose_name='destinataire')),
                ('recipient_detail', models.CharField(blank=True, max_length=200, verbose_name='service destinataire (précision)')),
                ('content', palabre.core.crypto_fields.EncryptedTextField(max_length=1500, verbose_name='contenu transmis')),
                ('urgent', models.BooleanField(default=False, verbose_name='transmis en urgence, avant validation')),
                ('status', models.CharField(choices=[('PROPOSED', 'À valider'), ('VALIDATED', 'Validé, à transmettre'), ('TRANSMITTED', 'Transmis'), ('REFUSED', 'Refusé')], default='PROPOSED', max_length=20, verbose_name='état')),
                ('proposed_at', models.DateTimeField(verbose_name='proposé le')),
                ('decision', models.CharField(blank=True, choices=[('VALIDATED', 'Validé avant transmission'), ('REFUSED', 'Refusé'), ('CONFIRMED', 'Urgence confirmée après coup'), ('QUESTIONED', 'Urgence discutée après coup')], max_length=20, verbose_name='avis')),
                ('decision_comment', models.CharField(blank=True, max_length=500, verbose_name="motif de l'avis")),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='avis donné le')),
                ('transmitted_at', models.DateTimeField(blank=True, null=True, verbose_name='transmis le')),
                ('channel', models.CharField(blank=True, choices=[('PHONE', 'Téléphone'), ('EMAIL', 'E-mail ou formulaire sécurisé du destinataire'), ('LETTER', 'Courrier'), ('IN_PERSON', 'En personne')], max_length=20, verbose_name='moyen de transmission')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='safety_reports', to='cases.case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('transmitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'signalement exceptionnel',
                'verbose_name_plural': 'signalements exceptionnels',
                'ordering': ['-proposed_at'],
                'indexes': [models.Index(fields=['organisation', 'status'], name='privacy_saf_organis_1c9829_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('decided_by__isnull', True), ('proposed_by__isnull', True), models.Q(('decided_by', models.F('proposed_by')), _negated=True), _connector='OR'), name='safety_report_decided_by_another'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'TRANSMITTED'), _negated=True), models.Q(('transmitted_at__isnull', False), models.Q(('channel', ''), _negated=True)), _connector='OR'), name='safety_report_transmitted_has_when_and_how'), models.CheckConstraint(condition=models.Q(('urgent', False), ('status', 'TRANSMITTED'), _connector='OR'), name='safety_report_urgent_is_transmitted')],
            },
        ),
    ]
