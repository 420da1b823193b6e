"""Technical administration. Private notes are deliberately not registered: they belong to the
mediation team of a case and are read only through the case page."""

from django.contrib import admin

from palabre.cases.models import Case, InformationRequest


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "status", "stage_reached", "opened_on"]
    list_filter = ["organisation", "status"]
    search_fields = ["reference"]
    readonly_fields = [field.name for field in Case._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = ["received_on", "organisation", "channel", "topic"]
    list_filter = ["organisation", "channel", "topic"]
