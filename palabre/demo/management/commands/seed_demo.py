"""``manage.py seed_demo``: loads the fictitious demo (organisations, people, three years of
cases, the service's partners, conventions and referrals, the network, and a city's night
correspondents with a month of shifts)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from palabre.cases.demo import generator
from palabre.cases.demo_collective import seed_collective
from palabre.core.models import Commune, Quartier
from palabre.demo.mfa import seed_mfa_account
from palabre.demo.reset import delete_demo
from palabre.field.demo import seed_field
from palabre.library.demo import seed_library
from palabre.network.demo import seed_network
from palabre.network.demo_certification import seed_certification
from palabre.network.demo_funding import seed_funding
from palabre.organisations.models import Membership, Organisation, Role
from palabre.outreach.demo import seed_outreach
from palabre.outreach.demo_coownerships import seed_coownerships
from palabre.partners.demo import seed_partners
from palabre.permanences.demo import seed_permanences
from palabre.permanences.demo_invitations import seed_invitations
from palabre.privacy.demo_access_log import seed_access_log
from palabre.referrals import demo as referrals_demo
from palabre.referrals.demo_earlier import seed_earlier_cases
from palabre.reports.demo import seed_narratives
from palabre.reports.demo_observatory import seed_observatory
from palabre.training.demo import seed_training
from palabre.website.demo import seed_site
from palabre.website.network_demo import seed_network_site


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : services, territoire, comptes et trois années de "
        "dossiers fictifs, tous construits par les actions du dossier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Supprime d'abord les organisations de démonstration et leurs comptes.",
        )
        parser.add_argument("--years", type=int, help="Nombre d'années civiles (défaut : 3).")
        parser.add_argument(
            "--cases-per-year", type=int, help="Nouvelles saisines par an (défaut : 230)."
        )

    def handle(self, *args, reset=False, years=None, cases_per_year=None, **options):
        params = generator.load_params()
        started = time.monotonic()
        with transaction.atomic():
            if generator.demo_exists(params):
                if not reset:
                    raise CommandError(
                        f"La démonstration est déjà chargée dans cette base (organisation "
                        f"« {params['organisations']['demo']['name']} »). Relancez avec --reset "
                        "pour la supprimer et la recréer."
                    )
                delete_demo(params)
                self.stdout.write("Démonstration précédente supprimée.")
            generator.generate(
                params=params,
                years=years,
                cases_per_year=cases_per_year,
                report=self.stdout.write,
            )
            self._partners_and_referrals(params, years or params["volume"]["years"])
            self._network(params)
            self._field(params)
            self._mfa(params)
            self._access_log(params)
        self.stdout.write(
            self.style.SUCCESS(f"Démonstration chargée en {time.monotonic() - started:.0f} s.")
        )

    def _partners_and_referrals(self, params, years):
        demo = params["organisations"]["demo"]
        memberships = Membership.objects.filter(organisation__slug=demo["slug"]).select_related(
            "organisation", "user"
        )
        coordinator = memberships.get(user__email=params["partner_accounts"]["coordinator"])
        organisation = coordinator.organisation
        built = seed_partners(
            organisation,
            communes_by_name={c.name: c for c in Commune.objects.of(organisation)},
            quartiers_by_name={
                q.name: q for q in Quartier.objects.filter(organisation=organisation)
            },
            today=timezone.localdate(),
            years=years,
        )
        accounts = {
            key: memberships.get(user__email=email, role=Role.PARTNER)
            for key, email in params["partner_accounts"]["contacts"].items()
        }
        referrals_demo.attach_partner_accounts(organisation, accounts)
        linked = referrals_demo.link_cases_to_partners(organisation)
        history = referrals_demo.seed_history(organisation, coordinator=coordinator)
        waiting = referrals_demo.seed_waiting(organisation)
        self.stdout.write(
            f"{organisation.name} : {len(built['partners'])} partenaires, "
            f"{len(built['conventions'])} conventions, {linked} dossiers rattachés à leur "
            f"prescripteur, {history['referrals']} orientations passées, {waiting} en attente"
        )
        earlier = seed_earlier_cases(
            organisation, coordinator=coordinator, today=timezone.localdate()
        )
        self.stdout.write(
            f"{organisation.name} : {earlier['referrals']} demande d'une personne déjà venue, "
            f"{earlier['duplicates']} personne enregistrée deux fois (à réunir)"
        )
        narratives = seed_narratives(
            organisation, built["conventions"], year=timezone.localdate().year - 1
        )
        self.stdout.write(f"{organisation.name} : {narratives} commentaires de bilan financeur")
        sessions = seed_permanences(
            organisation,
            venues=built["venues"],
            today=timezone.localdate(),
            featured=memberships.get(user__email=params["partner_accounts"]["mediator"]),
        )
        self.stdout.write(
            f"{organisation.name} : {sessions['permanences']} permanences, "
            f"{sessions['occurrences']} séances, {sessions['came']} passages, "
            f"{sessions['no_show']} absences, {sessions['booked']} rendez-vous à venir"
        )
        invited = seed_invitations(organisation, coordinator=coordinator)
        self.stdout.write(
            f"{organisation.name} : invitations à prendre rendez-vous — {invited['booked']} "
            f"créneau choisi, {invited['callbacks']} rappel demandé, {invited['past']} créneaux "
            "choisis par le passé"
        )
        outreach = seed_outreach(organisation, coordinator=coordinator, today=timezone.localdate())
        self.stdout.write(
            f"{organisation.name} : {outreach['held']} actions d'aller-vers tenues, "
            f"{outreach['planned']} prévues"
        )
        collective = seed_collective(
            organisation, coordinator=coordinator, today=timezone.localdate()
        )
        self.stdout.write(
            f"{organisation.name} : {collective['cases']} médiations collectives, "
            f"{collective['groups']} groupes"
        )
        buildings = seed_coownerships(
            organisation, coordinator=coordinator, today=timezone.localdate()
        )
        self.stdout.write(f"{organisation.name} : {buildings['followed']} copropriétés suivies")
        seed_site(organisation)
        self.stdout.write(f"{organisation.name} : page publique publiée (/{organisation.slug}/)")

    def _network(self, params):
        """The demo network: its member services (the demo service among them), trainings,
        certification records and the figures its members share."""
        today = timezone.localdate()
        network = Organisation.objects.get(slug=params["organisations"]["network"]["slug"])
        demo_service = Organisation.objects.get(slug=params["organisations"]["demo"]["slug"])
        members = seed_network(network, today=today, demo_service=demo_service)
        trainings = seed_training(network, services=[demo_service], today=today)
        records = seed_certification(network, today=today)
        shared = seed_observatory(network, year=today.year - 1)
        funding = seed_funding(network, today=today)
        self.stdout.write(
            f"{network.name} : {members['members']} structures membres, "
            f"{members['events']} événements, {trainings['sessions']} sessions de formation, "
            f"{records} démarches de certification, {shared} années de chiffres partagés"
        )
        site = seed_network_site(network)
        self.stdout.write(
            f"{network.name} : site public publié, {site['members']} structures dans "
            f"l'annuaire, {site['events']} événements publics"
        )
        self.stdout.write(
            f"{network.name} : {funding['calls']} appels à projets, "
            f"{funding['applications']} intérêts et candidatures des membres"
        )
        library = seed_library(network, demo_service=demo_service)
        self.stdout.write(f"{network.name} : {library['resources']} ressources partagées")

    def _mfa(self, params):
        """One account with double authentification, for visitors to try the code step."""
        service = Organisation.objects.get(slug=params["organisations"]["demo"]["slug"])
        user = seed_mfa_account(service, password=params["password"])
        self.stdout.write(f"{service.name} : un compte avec double authentification ({user.email})")

    def _access_log(self, params):
        """A month of reads in the « Journal des consultations », some outside the cases' teams."""
        service = Organisation.objects.get(slug=params["organisations"]["demo"]["slug"])
        reads = seed_access_log(service, today=timezone.localdate())
        self.stdout.write(f"{service.name} : {reads} consultations au journal")

    def _field(self, params):
        """The night correspondents of a city: a field service of their own."""
        built = seed_field(today=timezone.localdate(), password=params["password"])
        self.stdout.write(
            f"{built['organisation'].name} : {built['shifts']} tournées, "
            f"{built['interventions']} interventions"
        )
