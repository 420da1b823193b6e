import django.db.models.deletion
import palabre.website.network_models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("network", "0002_events_and_main_contact"),
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberListing",
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
                    "member",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_listing",
                        to="network.member",
                    ),
                ),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "structure dans l'annuaire public",
            },
        ),
        migrations.CreateModel(
            name="NetworkSite",
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
                    "is_published",
                    models.BooleanField(
                        default=False,
                        help_text="Tant qu'il n'est pas publié, ses pages n'existent pas pour le public.",
                        verbose_name="site publié",
                    ),
                ),
                (
                    "presentation",
                    models.TextField(
                        default=palabre.website.network_models.default_presentation,
                        verbose_name="qui sommes-nous",
                    ),
                ),
                (
                    "contact_email",
                    models.EmailField(
                        blank=True,
                        help_text="Pour les demandes d'inscription aux formations des personnes sans compte. Vide : l'adresse de contact du réseau.",
                        max_length=254,
                        verbose_name="adresse de contact publique",
                    ),
                ),
                (
                    "federate_text",
                    models.TextField(
                        default=palabre.website.network_models.default_federate,
                        verbose_name="Fédérer",
                    ),
                ),
                (
                    "train_text",
                    models.TextField(
                        default=palabre.website.network_models.default_train, verbose_name="Former"
                    ),
                ),
                (
                    "accompany_text",
                    models.TextField(
                        default=palabre.website.network_models.default_accompany,
                        verbose_name="Accompagner",
                    ),
                ),
                (
                    "share_text",
                    models.TextField(
                        default=palabre.website.network_models.default_share,
                        verbose_name="Partager",
                    ),
                ),
                (
                    "relay_text",
                    models.TextField(
                        default=palabre.website.network_models.default_relay, verbose_name="Relayer"
                    ),
                ),
                (
                    "pool_text",
                    models.TextField(
                        default=palabre.website.network_models.default_pool,
                        verbose_name="Mutualiser",
                    ),
                ),
                (
                    "show_federate",
                    models.BooleanField(default=True, verbose_name="afficher « Fédérer »"),
                ),
                (
                    "show_train",
                    models.BooleanField(default=True, verbose_name="afficher « Former »"),
                ),
                (
                    "show_accompany",
                    models.BooleanField(default=True, verbose_name="afficher « Accompagner »"),
                ),
                (
                    "show_share",
                    models.BooleanField(default=True, verbose_name="afficher « Partager »"),
                ),
                (
                    "show_relay",
                    models.BooleanField(default=True, verbose_name="afficher « Relayer »"),
                ),
                (
                    "show_pool",
                    models.BooleanField(default=True, verbose_name="afficher « Mutualiser »"),
                ),
                (
                    "show_members",
                    models.BooleanField(
                        default=True, verbose_name="afficher l'annuaire des membres"
                    ),
                ),
                (
                    "show_trainings",
                    models.BooleanField(default=True, verbose_name="afficher les formations"),
                ),
                (
                    "show_meetings",
                    models.BooleanField(default=True, verbose_name="afficher les rencontres"),
                ),
                (
                    "show_figures",
                    models.BooleanField(default=True, verbose_name="afficher les chiffres"),
                ),
                (
                    "show_resources",
                    models.BooleanField(default=False, verbose_name="afficher les ressources"),
                ),
                (
                    "network",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="network_site",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "site public d'un réseau",
            },
        ),
        migrations.CreateModel(
            name="PublicEvent",
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
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_listing",
                        to="network.event",
                    ),
                ),
                (
                    "network",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "événement public d'un réseau",
            },
        ),
    ]
