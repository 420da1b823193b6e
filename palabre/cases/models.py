"""The neighbourhood-mediation case and the events of its process.

State changes go through ``palabre.cases.actions`` only; these models hold fields, constraints and
the QuerySet vocabulary of the trade.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes, identity
from palabre.core.crypto_fields import EncryptedTextField
from palabre.core.models import BaseModel, Commune, Quartier
from palabre.core.text import every_word_in, normalise
from palabre.organisations.models import Membership, Role
from palabre.partners.models import Partner, Residence

# --- A case's place in a period ------------------------------------------------------------------
#
# The three ways a case belongs to a period, both days included: the activity figures
# (``reports.indicators``: new, treated, closed cases) and the case list, its downloads and the
# links from the figures to their lists all read these conditions, so that one filter gives the
# same number everywhere. A missing bound leaves that side of the period open. ``prefix`` reaches
# the case from a related row (« case__ »).


def opened_in(start=None, end=None, prefix: str = "") -> Q:
    """New cases (*nouvelles saisines*): opened on a day of the period."""
    return _day_in(f"{prefix}opened_on", start, end)


def treated_in(start=None, end=None, prefix: str = "") -> Q:
    """Treated cases (*situations traitées*): open at some moment of the period, that is opened
    on or before its last day and not closed before its first."""
    condition = Q()
    if end is not None:
        condition &= Q(**{f"{prefix}opened_on__lte": end})
    if start is not None:
        condition &= Q(**{f"{prefix}closed_on__isnull": True}) | Q(
            **{f"{prefix}closed_on__gte": start}
        )
    return condition


def closed_in(start=None, end=None, prefix: str = "") -> Q:
    """Closed cases (*situations closes*): closed on a day of the period."""
    condition = _day_in(f"{prefix}closed_on", start, end)
    return condition or Q(**{f"{prefix}closed_on__isnull": False})


def _day_in(field: str, start, end) -> Q:
    if start is not None and end is not None:
        return Q(**{f"{field}__range": (start, end)})
    if start is not None:
        return Q(**{f"{field}__gte": start})
    if end is not None:
        return Q(**{f"{field}__lte": end})
    return Q()


class CaseQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def open(self):
        return self.exclude(status=codes.Status.CLOSED)

    def closed(self):
        return self.filter(status=codes.Status.CLOSED)

    def assigned_to(self, membership):
        return self.filter(
            assignments__membership=membership, assignments__ended_at__isnull=True
        ).distinct()

    def in_territory(self, commune=None, quartier=None):
        qs = self
        if commune is not None:
            qs = qs.filter(commune=commune)
        if quartier is not None:
            qs = qs.filter(quartier=quartier)
        return qs

    def for_member(self, membership):
        """The cases a membership may see: the whole service, or a mediator's own."""
        if membership is None or membership.role not in {
            Role.ADMIN,
            Role.COORDINATOR,
            Role.MEDIATOR,
            Role.RECEPTION,
        }:
            return self.none()
        qs = self.of(membership.organisation_id)
        if membership.role == Role.MEDIATOR:
            qs = qs.filter(
                pk__in=CaseAssignment.objects.filter(
                    membership=membership, ended_at__isnull=True
                ).values("case_id")
            )
        return qs

    def in_scope_of(self, convention):
        """The cases a convention covers, by its scope rules (each empty rule means "any")."""
        if not convention.covers_cases():
            return self.none()
        return self.by_scope_rules(convention)

    def by_scope_rules(self, convention):
        """The cases a convention's scope rules attach, whatever activities it funds (collective
        mediation reads them for a convention that funds it, docs/adr/0035)."""
        qs = self.of(convention.organisation_id)
        communes = [c.pk for c in convention.scope_communes.all()]
        if communes:
            qs = qs.filter(commune__in=communes)
        quartiers = [q.pk for q in convention.scope_quartiers.all()]
        if quartiers:
            qs = qs.filter(quartier__in=quartiers)
        if convention.scope_referral_sources:
            qs = qs.filter(referral_source__in=convention.scope_referral_sources)
        referrers = [p.pk for p in convention.scope_referrers.all()]
        if referrers:
            qs = qs.filter(referrer__in=referrers)
        landlords = [p.pk for p in convention.scope_landlords.all()]
        if landlords:
            qs = qs.filter(landlord__in=landlords)
        return qs

    def opened_between(self, start=None, end=None):
        return self.filter(opened_in(start, end))

    def treated_between(self, start=None, end=None):
        return self.filter(treated_in(start, end))

    def closed_between(self, start=None, end=None):
        return self.filter(closed_in(start, end))

    def matching(self, text):
        """Accent- and case-insensitive search on party names and the case reference."""
        return self.filter(every_word_in("search_text", text))


class Case(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cases"
    )
    reference = models.CharField(_("référence"), max_length=20)
    status = models.CharField(
        _("état"), max_length=40, choices=codes.Status, default=codes.Status.NEW, db_index=True
    )
    stage_reached = models.CharField(
        _("étape atteinte"), max_length=40, choices=codes.Stage, default=codes.Stage.INTAKE_ONLY
    )
    opened_on = models.DateField(_("date de la saisine"), db_index=True)
    first_contact_channel = models.CharField(
        _("canal du premier contact"), max_length=30, choices=codes.Channel
    )
    referral_source = models.CharField(
        _("origine de la saisine"), max_length=30, choices=codes.ReferralSource
    )
    referrer_name = models.CharField(
        _("prescripteur (organisme)"),
        max_length=200,
        blank=True,
        help_text=_("Le service ou l'organisme qui a orienté la personne, sans nom de personne."),
    )
    referrer = models.ForeignKey(
        Partner,
        verbose_name=_("partenaire prescripteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_cases",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_qpv = models.BooleanField(_("QPV"), default=False)
    housing = models.CharField(
        _("logement"), max_length=20, choices=codes.Housing, default=codes.Housing.UNKNOWN
    )
    building_type = models.CharField(
        _("type de bâti"),
        max_length=20,
        choices=codes.BuildingType,
        default=codes.BuildingType.UNKNOWN,
    )
    landlord_name = models.CharField(_("bailleur"), max_length=200, blank=True)
    landlord = models.ForeignKey(
        Partner,
        verbose_name=_("bailleur (partenaire)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="housed_cases",
    )
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coordinator = models.ForeignKey(
        Membership,
        verbose_name=_("coordination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_cases",
    )
    previous_case = models.ForeignKey(
        "self",
        verbose_name=_("dossier précédent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_cases",
    )
    is_relapse = models.BooleanField(_("reprise d'un conflit déjà traité"), default=False)
    closure_reason = models.CharField(
        _("motif de clôture"), max_length=30, choices=codes.ClosureReason, blank=True
    )
    closure_detail = models.CharField(
        _("précision sur la clôture"),
        max_length=200,
        blank=True,
        help_text=_("Pour une réorientation : vers qui. Jamais de propos des parties."),
    )
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    follow_up_result = models.CharField(
        _("résultat du suivi"), max_length=20, choices=codes.FollowUpResult, blank=True
    )
    suspended_on = models.DateField(_("suspendu le"), null=True, blank=True)
    # Free text that may say why (a party in hospital, a lawsuit…): sealed (docs/adr/0014).
    suspension_reason = EncryptedTextField(_("motif de suspension"), max_length=200, blank=True)
    suspended_days = models.PositiveIntegerField(_("jours de suspension cumulés"), default=0)
    last_activity_at = models.DateTimeField(_("dernière activité"), null=True, blank=True)
    # Set once by the retention job (palabre.privacy): identities, contacts, addresses and free
    # text are gone, the coded fields and dates the figures read are kept (ADR 0016).
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)
    # Folded party names and the reference, kept by actions for accent-insensitive search.
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-reference"]
        verbose_name = _("dossier")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="case_reference_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(status="CLOSED", closed_on__isnull=False)
                | (~Q(status="CLOSED") & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "-opened_on"]),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self):
        return self.status == codes.Status.CLOSED

    def primary_conflict(self):
        return next((c for c in self.conflicts.all() if c.is_primary), None)

    def requester(self):
        return next((p for p in self.parties.all() if p.role == codes.PartyRole.REQUESTER), None)

    def other_parties(self):
        return [p for p in self.parties.all() if p.role == codes.PartyRole.OTHER_PARTY]

    def active_mediators(self):
        return [a.membership for a in self.assignments.all() if a.ended_at is None]

    def refresh_search_text(self):
        names = [f"{p.first_name} {p.last_name}" for p in self.parties.all()]
        self.search_text = normalise(" ".join([self.reference, *names]))


class ReferenceCounter(models.Model):
    """Per-organisation, per-year sequence for human references (``2026-0042``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_counter_per_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class CaseConflict(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    category = models.CharField(_("catégorie"), max_length=30, choices=codes.ConflictCategory)
    subcategory = models.CharField(
        _("précision"), max_length=30, choices=codes.ConflictSubcategory, blank=True
    )
    is_primary = models.BooleanField(_("motif principal"), default=False)

    class Meta:
        ordering = ["-is_primary", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_primary=True), name="one_primary_conflict_per_case"
            ),
            models.UniqueConstraint(
                fields=["case", "category", "subcategory"], name="conflict_unique_per_case"
            ),
        ]

    def __str__(self):
        return self.get_category_display()


def _with_key(save_kwargs: dict, sources: set, key: str):
    """A save limited to some fields writes the key again when one of its sources is among
    them."""
    fields = save_kwargs.get("update_fields")
    if fields is not None and sources & set(fields):
        save_kwargs["update_fields"] = {*fields, key}


class Household(BaseModel):
    """A household (foyer): cases are between households; a party belongs to one."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="households")
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    size = models.PositiveSmallIntegerField(_("personnes au foyer"), null=True, blank=True)
    # A keyed hash of the address's number and street, for the earlier cases at intake (adr/0027).
    address_key = models.CharField(max_length=64, default="", blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "address_key"],
                condition=~Q(address_key=""),
                name="household_address_key",
            )
        ]

    def __str__(self):
        return self.address or str(_("Foyer"))

    def save(self, *args, **kwargs):
        self.address_key = identity.address_key(self.organisation_id, self.address)
        _with_key(kwargs, {"address", "organisation"}, "address_key")
        super().save(*args, **kwargs)


class Party(BaseModel):
    """A person taking part in a case, with the least identity and contact the work needs."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=codes.PartyRole)
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    last_name = models.CharField(_("nom"), max_length=80)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_channel = models.CharField(
        _("moyen de contact préféré"),
        max_length=20,
        choices=codes.ContactAttemptChannel,
        blank=True,
    )
    needs_interpreter = models.BooleanField(_("besoin d'interprète"), default=False)
    # A keyed hash of the name and telephone, for the earlier cases at intake (adr/0027).
    identity_key = models.CharField(max_length=64, default="", blank=True, editable=False)
    # The same person's records in other cases of the service, once the coordination merged
    # them (``cases.merge``); empty for a record on its own.
    person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    # The party's group in a collective case (``cases.collective``, docs/adr/0035).
    group = models.ForeignKey(
        "cases.PartyGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parties",
        verbose_name=_("groupe"),
    )

    class Meta:
        ordering = ["role", "created_at"]
        verbose_name = _("partie")
        indexes = [
            models.Index(
                fields=["organisation", "identity_key"],
                condition=~Q(identity_key=""),
                name="party_identity_key",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        self.identity_key = identity.person_key(
            self.organisation_id, self.first_name, self.last_name, self.phone
        )
        _with_key(kwargs, {"first_name", "last_name", "phone", "organisation"}, "identity_key")
        super().save(*args, **kwargs)

    @property
    def address(self):
        return self.household.address if self.household_id else ""


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class ConsentRecord(BaseModel):
    """A free, revocable agreement to a step of the mediation (recorded, never assumed)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("objet du consentement"), max_length=40, choices=codes.ConsentKind)
    given_on = models.DateField(_("recueilli le"))
    method = models.CharField(_("recueilli"), max_length=20, choices=codes.ConsentMethod)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_kind",
            )
        ]

    @property
    def is_active(self):
        return self.withdrawn_at is None


class CaseAssignment(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="case_assignments"
    )
    assigned_on = models.DateField(_("assigné le"))
    ended_at = models.DateTimeField(_("fin"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "membership"],
                condition=Q(ended_at__isnull=True),
                name="one_active_assignment_per_mediator",
            )
        ]


class AcquaintanceDeclaration(BaseModel):
    """A mediator declares knowing a party: impartiality forbids assigning them to the case."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acquaintances")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="acquaintances")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "membership"], name="one_declaration_per_party_and_mediator"
            )
        ]


class Interview(BaseModel):
    """An individual interview (entretien individuel) with one party."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="interviews")
    scheduled_at = models.DateTimeField(_("prévu le"))
    channel = models.CharField(_("modalité"), max_length=30, choices=codes.InterviewChannel)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=codes.AppointmentStatus,
        default=codes.AppointmentStatus.SCHEDULED,
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    mediators = models.ManyToManyField(Membership, blank=True, related_name="+")

    class Meta:
        ordering = ["scheduled_at"]


class ContactAttempt(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contact_attempts")
    channel = models.CharField(_("moyen"), max_length=30, choices=codes.ContactAttemptChannel)
    attempted_on = models.DateField(_("date"))
    result = models.CharField(_("résultat"), max_length=20, choices=codes.ContactAttemptResult)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["attempted_on", "created_at"]


class Meeting(BaseModel):
    """A joint meeting (rencontre de médiation) or one exchange of a shuttle mediation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type"), max_length=20, choices=codes.MeetingKind)
    scheduled_at = models.DateTimeField(_("prévue le"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=codes.AppointmentStatus,
        default=codes.AppointmentStatus.SCHEDULED,
    )
    result = models.CharField(_("issue"), max_length=20, choices=codes.MeetingResult, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    participants_count = models.PositiveSmallIntegerField(
        _("participants (hors médiateurs)"), null=True, blank=True
    )
    mediators = models.ManyToManyField(Membership, blank=True, related_name="+")

    class Meta:
        ordering = ["scheduled_at"]


class Agreement(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="agreement")
    reached_on = models.DateField(_("date de l'accord"))
    form = models.CharField(_("forme"), max_length=20, choices=codes.AgreementForm)
    scope = models.CharField(_("portée"), max_length=10, choices=codes.AgreementScope)


class Commitment(BaseModel):
    """One structured item of an agreement; the parties' own words stay in private notes."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    category = models.CharField(_("engagement"), max_length=30, choices=codes.CommitmentCategory)
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pris par"),
    )
    # A collective case's commitment is taken by a group, in the words the groups signed: not
    # confidential, yet shown nowhere the agreement itself is not (docs/adr/0035).
    group = models.ForeignKey(
        "cases.PartyGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        verbose_name=_("pris par le groupe"),
    )
    wording = models.CharField(_("formulation de l'engagement"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]


class FollowUp(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("à faire le"))
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    result = models.CharField(
        _("résultat"), max_length=20, choices=codes.FollowUpResult, blank=True
    )

    class Meta:
        ordering = ["due_on"]


class NoteVisibility(models.TextChoices):
    MEDIATION_TEAM = "MEDIATION_TEAM", _("Équipe de médiation du dossier")


class PrivateNoteQuerySet(models.QuerySet):
    def visible_to(self, membership):
        if membership is None or membership.role not in {
            Role.ADMIN,
            Role.COORDINATOR,
            Role.MEDIATOR,
        }:
            return self.none()
        qs = self.filter(organisation_id=membership.organisation_id)
        if membership.role == Role.MEDIATOR:
            qs = qs.filter(
                case__assignments__membership=membership, case__assignments__ended_at__isnull=True
            )
        return qs


class PrivateNote(BaseModel):
    """What a party said or a mediator noticed. Never leaves the mediation team of the case."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="private_notes")
    source_party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("propos de"),
    )
    visibility = models.CharField(
        max_length=20, choices=NoteVisibility, default=NoteVisibility.MEDIATION_TEAM
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(_("note"))  # sealed at rest (docs/adr/0014)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return str(_("Note privée"))


class InformationRequest(BaseModel):
    """A contact answered without opening a case (demande d'information). No identity kept."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="information_requests"
    )
    received_on = models.DateField(_("date"))
    channel = models.CharField(_("canal"), max_length=30, choices=codes.Channel)
    topic = models.CharField(_("objet"), max_length=30, choices=codes.InformationTopic)
    referral_source = models.CharField(
        _("origine"),
        max_length=30,
        choices=codes.ReferralSource,
        default=codes.ReferralSource.UNKNOWN,
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    oriented_to = models.CharField(_("orienté vers"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]


from palabre.cases.collective import (  # noqa: E402, F401 (docs/adr/0035)
    CollectiveMediation,
    GroupAttendance,
    PartyGroup,
)
from palabre.cases.earlier import EarlierCaseAnswer  # noqa: E402, F401 (docs/adr/0027)
from palabre.cases.invitations import Invitation  # noqa: E402, F401 (docs/adr/0026)
from palabre.cases.people import Person  # noqa: E402, F401 (docs/adr/0027)
