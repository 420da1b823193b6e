"""Technical administration of partners, venues and conventions. Day-to-day edits go through
the coordination's pages (they keep the Journal); the admin is for repairs."""

from django.contrib import admin

from palabre.partners.models import (
    Contact,
    Convention,
    Deliverable,
    Partner,
    PartnerName,
    Residence,
    Venue,
)


class PartnerNameInline(admin.TabularInline):
    model = PartnerName
    extra = 0
    fields = ["name", "valid_from", "valid_until"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "job_title", "email", "phone", "is_active"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "is_funder", "is_active"]
    list_filter = ["organisation", "kind", "is_funder", "is_active"]
    search_fields = ["name", "short_name", "search_text"]
    inlines = [PartnerNameInline, ContactInline]

    def save_formset(self, request, form, formset, change):
        # Inline rows belong to the partner's service.
        for row in formset.save(commit=False):
            row.organisation_id = form.instance.organisation_id
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "partner", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["last_name", "first_name", "email", "partner__name"]
    raw_id_fields = ["partner", "membership"]


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "landlord", "commune", "quartier", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "landlord__name"]
    raw_id_fields = ["landlord", "commune", "quartier"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "host", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name", "address"]
    raw_id_fields = ["host", "commune", "quartier"]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ["kind", "title", "due_on", "remind_on", "reminded_on", "done_on"]


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "funder", "starts_on", "ends_on"]
    list_filter = ["organisation"]
    search_fields = ["title"]
    raw_id_fields = ["funder"]
    filter_horizontal = [
        "partners",
        "scope_communes",
        "scope_quartiers",
        "scope_referrers",
        "scope_landlords",
    ]
    inlines = [DeliverableInline]

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            row.organisation_id = form.instance.organisation_id
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["__str__", "convention", "due_on", "remind_on", "reminded_on", "done_on"]
    list_filter = ["organisation", "kind"]
    search_fields = ["title", "convention__title"]
    raw_id_fields = ["convention"]
