"""The form of a venue: where the service receives people."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.partners.forms.base import StyledModelForm, check_name_is_free
from palabre.partners.forms.directory import check_quartier_in_commune, territory_fields
from palabre.partners.models import Partner, Venue


class VenueForm(StyledModelForm):
    class Meta:
        model = Venue
        fields = ["name", "host", "address", "commune", "quartier", "access_notes", "is_active"]

    def setup(self):
        territory_fields(self, self.organisation)
        hosts = Q(is_active=True)
        if self.current is not None and self.current.host_id:
            # An inactive host stays selectable for the venue it already hosts.
            hosts |= Q(pk=self.current.host_id)
        self.fields["host"].queryset = Partner.objects.of(self.organisation).filter(hosts)
        self.fields["host"].empty_label = _("Aucune (local du service)")
        if self.current is None:
            del self.fields["is_active"]

    def clean(self):
        cleaned = super().clean()
        check_quartier_in_commune(self)
        check_name_is_free(
            self,
            "name",
            Venue.objects.of(self.organisation),
            _("Un lieu du service s'appelle déjà « %(name)s »."),
        )
        return cleaned
