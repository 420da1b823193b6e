"""Booking through an invitation's link (docs/adr/0026): the person chooses a slot at one of the
service's permanences open to online booking; the appointment is tied to the case and the party,
and the invitation records the answer, in one transaction.

No confirmation code: the link itself was sent to the person, and serves once. The appointment is
booked at once; a confirmation and reminders go to the e-mail or mobile number the person gives,
if they give one.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from palabre.cases import invitation_actions
from palabre.core.actions import Refused
from palabre.permanences import actions
from palabre.permanences.models import Appointment, BookingChannel, Occurrence


@transaction.atomic
def book_by_invitation(
    *,
    invitation,
    occurrence: Occurrence,
    starts_at,
    email: str = "",
    phone: str = "",
    notify_by: str = "",
) -> Appointment:
    invitation = invitation_actions.hold(invitation)
    occurrence = Occurrence.objects.select_related("permanence").get(pk=occurrence.pk)
    if occurrence.organisation_id != invitation.organisation_id:
        raise Refused(_("Cette séance n'est pas une permanence du service."))
    if not occurrence.permanence.is_public:
        raise Refused(_("Cette permanence ne se réserve pas en ligne."))
    party = invitation.party
    appointment = actions.book(
        occurrence=occurrence,
        starts_at=starts_at,
        channel=BookingChannel.INVITATION,
        first_name=party.first_name,
        last_name=party.last_name,
        email=email,
        phone=phone,
        notify_by=notify_by,
        case=invitation.case,
    )
    try:
        with transaction.atomic():
            Appointment.objects.filter(pk=appointment.pk).update(party=party, invitation=invitation)
    except IntegrityError:  # the same link, twice at once: the other click booked
        raise invitation_actions.InvitationRefused(
            _("Vous avez déjà répondu à cette invitation.")
        ) from None
    appointment.party, appointment.invitation = party, invitation
    invitation_actions.record_booking(invitation=invitation)
    return appointment
