from django.contrib import admin

from neighbourhood.relais.models import Consent, Neighbour, ProxyAction


@admin.register(Neighbour)
class NeighbourAdmin(admin.ModelAdmin):
    list_display = ["user", "quartier", "opened_by", "created_at", "taken_over_at"]
    list_select_related = ["user", "quartier", "opened_by"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["neighbour", "relais", "quartier", "given_at", "ended_at", "ending"]
    list_select_related = ["neighbour", "relais", "quartier"]


@admin.register(ProxyAction)
class ProxyActionAdmin(admin.ModelAdmin):
    """Read only: the log is what happened."""

    list_display = ["created_at", "relais_name", "neighbour", "quartier", "verb", "summary"]
    list_select_related = ["neighbour", "quartier"]
    list_filter = ["verb"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
