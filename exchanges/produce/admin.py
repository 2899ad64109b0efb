from django.contrib import admin

from exchanges.produce.models import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    Volunteer,
    VolunteerRole,
)


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["farm_name", "name", "quartier", "email", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["farm_name", "name", "email", "quartier__name"]
    raw_id_fields = ["quartier", "account"]
    inlines = [ProductInline]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "producer", "unit", "per_unit", "price_cents", "is_weighed"]
    list_filter = ["unit", "is_weighed", "is_active"]
    search_fields = ["name", "producer__farm_name"]
    raw_id_fields = ["producer"]


class CycleProductInline(admin.TabularInline):
    model = CycleProduct
    extra = 0
    raw_id_fields = ["product"]


@admin.register(OrderCycle)
class OrderCycleAdmin(admin.ModelAdmin):
    list_display = ["title", "quartier", "distribution_date", "opens_at", "closes_at"]
    search_fields = ["title", "place", "quartier__name"]
    raw_id_fields = ["quartier", "copied_from", "conversation", "created_by"]
    inlines = [CycleProductInline]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ["offer"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["member", "cycle", "created_at", "picked_up_at"]
    search_fields = ["member__email", "member__display_name", "cycle__title"]
    raw_id_fields = ["cycle", "member"]
    inlines = [OrderLineInline]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["order", "producer", "method", "cheque_number", "amount_cents", "status"]
    list_filter = ["method", "status"]
    search_fields = ["cheque_number", "order__member__email", "producer__farm_name"]
    raw_id_fields = ["order", "producer", "recorded_by"]


class VolunteerInline(admin.TabularInline):
    model = Volunteer
    extra = 0
    raw_id_fields = ["member"]


@admin.register(VolunteerRole)
class VolunteerRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "cycle", "places"]
    search_fields = ["name", "cycle__title"]
    raw_id_fields = ["cycle"]
    inlines = [VolunteerInline]
