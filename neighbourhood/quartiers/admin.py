from django.contrib import admin

from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "policy", "radius_km", "created_at"]
    list_filter = ["policy"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "quartier", "role", "status", "joined_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "user__display_name", "quartier__name"]
    raw_id_fields = ["user", "quartier"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "quartier", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "quartier__name", "message"]
    raw_id_fields = ["user", "quartier", "decided_by"]
