"""Technical administration of the data-protection app."""

from django.contrib import admin

from palabre.privacy.access_log import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read only: the access log is changed by nobody and loses records only to
    ``manage.py purge_access_log``."""

    list_display = ["read_at", "kind", "organisation", "user", "role", "count"]
    list_filter = ["kind", "organisation"]
    date_hierarchy = "read_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
