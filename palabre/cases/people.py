"""A person across the service's cases (docs/adr/0027).

A ``Party`` is a person's record in one case: their identity and contacts as that case knows
them, their consents, interviews and contact attempts. The same person often comes back, and
their records do not always say so (a name typed differently, a new telephone). When the
coordination finds that two records are one person, ``cases.merge`` gathers them under one
``Person``: it holds no name, telephone or address (those stay on each record, where the case
needs them and where anonymisation erases them), only the link. A record on its own has no
``Person``.

Persons never cross services: a merge is refused between two services' records, and the
organisation is kept on the row so that every query names it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class Person(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("personne suivie par le service")

    def __str__(self):
        return str(self._meta.verbose_name)
