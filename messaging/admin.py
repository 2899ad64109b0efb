from django.contrib import admin
from django.http import HttpRequest

from messaging.models import Digest, DigestPreference


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """To see what was sent; a row stuck in "being handed to the mail server" is one the worker
    died sending (see messaging.digests.sending): the resident may have missed that digest."""

    list_display = ["user", "period", "status", "items", "attempts", "claimed_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "period"]
    readonly_fields = [field.name for field in Digest._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "weekday", "hour", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__email"]
