"""The address of an invitation's link (docs/adr/0026): a short signed token of the invitation's
code (``core.signed_links``), typed from a letter, scanned from its QR code or followed from a
message. The pages it opens live in ``permanences`` (``rdv:invitation``)."""

import re

from django.urls import reverse

from palabre.cases.invitations import Invitation
from palabre.core import mail, signed_links

SALT = "palabre.cases.invitation"


def token_of(invitation: Invitation) -> str:
    """``K7M4-Q9TX-2F4A``: the invitation's code and its check characters."""
    return signed_links.short_token_for(invitation.code, salt=SALT)


def address_of(invitation: Invitation) -> str:
    """The full address of the link, on the instance's configured address."""
    return mail.absolute_url(reverse("rdv:invitation", args=[token_of(invitation)]))


def printed_address(invitation: Invitation) -> str:
    """The address as a letter prints it, to be typed: without ``https://``."""
    return re.sub(r"^https?://", "", address_of(invitation))


def from_token(token: str) -> Invitation | None:
    """The invitation a typed or scanned token names, whatever it is worth today; None for a
    token Palabre did not make."""
    queryset = Invitation.objects.select_related("case", "party", "organisation")
    return signed_links.row_for_short(token, queryset, salt=SALT)
