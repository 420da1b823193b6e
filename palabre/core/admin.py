from django.contrib import admin

from palabre.core.models import Commune, Quartier


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "insee_code"]


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "is_qpv", "organisation"]
    list_filter = ["organisation", "is_qpv"]
