"""The network's events: national and regional meetings, working groups and research actions,
with their registrations and attendance, and the documents shared at an event or in a pole's
exchange of practices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.network.models.members import Member, MemberContact, Pole, TenantQuerySet

__all__ = ["Attendance", "Event", "EventKind", "Registration", "SharedDocument"]


class EventKind(models.TextChoices):
    NATIONAL_MEETING = "NATIONAL_MEETING", _("Rencontre nationale")
    REGIONAL_MEETING = "REGIONAL_MEETING", _("Rencontre régionale")
    WORKING_GROUP = "WORKING_GROUP", _("Groupe de travail")
    RESEARCH_ACTION = "RESEARCH_ACTION", _("Recherche-action")


class EventQuerySet(TenantQuerySet):
    def coming(self, today):
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))

    def past(self, today):
        return self.exclude(pk__in=self.coming(today).values("pk"))


class Event(BaseModel):
    """A meeting, working group or research action of the network; a regional meeting may belong
    to a pole."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="network_events"
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_on = models.DateField(_("date de début"))
    ends_on = models.DateField(
        _("date de fin"), null=True, blank=True, help_text=_("Laisser vide pour une seule journée.")
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    is_remote = models.BooleanField(_("à distance"), default=False)
    pole = models.ForeignKey(
        Pole,
        verbose_name=_("pôle régional"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("événement du réseau")

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Non relevée")
    PRESENT = "PRESENT", _("Présent·e")
    ABSENT = "ABSENT", _("Absent·e")


class Registration(BaseModel):
    """Someone registered to an event: a member's contact, or a name given for a member."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        Member,
        verbose_name=_("structure membre"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    contact = models.ForeignKey(
        MemberContact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(_("nom"), max_length=200, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance, blank=True, default=Attendance.UNKNOWN
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["member__name", "name"]
        verbose_name = _("inscription à un événement")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contact"],
                condition=Q(contact__isnull=False),
                name="registration_once_per_contact",
            )
        ]

    def __str__(self):
        return self.person

    @property
    def person(self) -> str:
        return str(self.contact) if self.contact_id else self.name


def document_path(document, filename):
    return f"network/{document.network_id}/{document.id}/{filename}"


class SharedDocument(BaseModel):
    """A file shared at an event or in a pole's exchange of practices. It lives under
    ``MEDIA_ROOT/network/`` and is only ever served by the access-checked view."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    pole = models.ForeignKey(
        Pole, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titre"), max_length=200)
    shared_on = models.DateField(_("date"))
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=300)
    filename = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_on", "title"]
        verbose_name = _("document partagé")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, pole__isnull=True)
                | Q(event__isnull=True, pole__isnull=False),
                name="shared_document_of_an_event_or_a_pole",
            )
        ]

    def __str__(self):
        return self.title
