import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organisations", "0002_security_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="ServiceSite",
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
                        help_text="Tant qu'elle n'est pas publiée, la page n'existe pas pour le public.",
                        verbose_name="page publiée",
                    ),
                ),
                (
                    "about",
                    models.TextField(
                        blank=True,
                        help_text="Présentez le service sans nommer personne : l'équipe change, la page reste.",
                        verbose_name="qui nous sommes",
                    ),
                ),
                (
                    "how_it_works",
                    models.TextField(blank=True, verbose_name="comment se passe une médiation"),
                ),
                (
                    "contact_email",
                    models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                ),
                (
                    "contact_phone",
                    models.CharField(blank=True, max_length=30, verbose_name="téléphone"),
                ),
                (
                    "contact_address",
                    models.CharField(blank=True, max_length=300, verbose_name="adresse postale"),
                ),
                (
                    "contact_hours",
                    models.CharField(
                        blank=True,
                        help_text="Par exemple : du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h.",
                        max_length=300,
                        verbose_name="horaires",
                    ),
                ),
                (
                    "show_about",
                    models.BooleanField(default=True, verbose_name="afficher la présentation"),
                ),
                (
                    "show_how_it_works",
                    models.BooleanField(
                        default=True, verbose_name="afficher le déroulement d'une médiation"
                    ),
                ),
                (
                    "show_partners",
                    models.BooleanField(
                        default=True,
                        verbose_name="afficher les partenaires conventionnés et les financeurs",
                    ),
                ),
                (
                    "show_permanences",
                    models.BooleanField(
                        default=True,
                        verbose_name="afficher les permanences et leurs prochaines séances",
                    ),
                ),
                (
                    "show_request_form",
                    models.BooleanField(
                        default=True, verbose_name="afficher le lien vers la demande de médiation"
                    ),
                ),
                (
                    "show_events",
                    models.BooleanField(
                        default=True, verbose_name="afficher les actions de proximité à venir"
                    ),
                ),
                (
                    "show_contact",
                    models.BooleanField(default=True, verbose_name="afficher le contact"),
                ),
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_site",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "page publique d'un service",
            },
        ),
    ]
