from django.urls import path

from exchanges.produce.api.views import (
    cycles,
    orders,
    payments,
    producers,
    products,
    reports,
    volunteers,
)

urlpatterns = [
    path(
        "quartiers/<slug:slug>/producers/",
        producers.QuartierProducerListView.as_view(),
        name="producers",
    ),
    path("producers/<int:producer_id>/", producers.ProducerDetailView.as_view(), name="producer"),
    path(
        "producers/<int:producer_id>/products/",
        products.ProducerProductListView.as_view(),
        name="producer_products",
    ),
    path("products/<int:product_id>/", products.ProductDetailView.as_view(), name="product"),
    path("quartiers/<slug:slug>/cycles/", cycles.QuartierCycleListView.as_view(), name="cycles"),
    path("cycles/<int:cycle_id>/", cycles.CycleDetailView.as_view(), name="cycle"),
    path("cycles/<int:cycle_id>/copy/", cycles.CycleCopyView.as_view(), name="cycle_copy"),
    path("cycles/<int:cycle_id>/close/", cycles.CycleCloseView.as_view(), name="cycle_close"),
    path("cycles/<int:cycle_id>/reopen/", cycles.CycleReopenView.as_view(), name="cycle_reopen"),
    path(
        "cycles/<int:cycle_id>/send-reports/",
        cycles.CycleSendReportsView.as_view(),
        name="cycle_send_reports",
    ),
    path("cycles/<int:cycle_id>/order/", orders.MyCycleOrderView.as_view(), name="cycle_order"),
    path(
        "cycles/<int:cycle_id>/reports/totals/",
        reports.CycleTotalsView.as_view(),
        name="cycle_totals",
    ),
    path(
        "cycles/<int:cycle_id>/reports/pickup/",
        reports.CyclePickUpView.as_view(),
        name="cycle_pickup",
    ),
    path(
        "cycles/<int:cycle_id>/reports/packing/",
        reports.CyclePackingView.as_view(),
        name="cycle_packing",
    ),
    path(
        "cycles/<int:cycle_id>/reports/owed/",
        reports.CycleOwedView.as_view(),
        name="cycle_owed",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/",
        orders.MemberOrderView.as_view(),
        name="cycle_member_order",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/picked-up/",
        orders.OrderPickedUpView.as_view(),
        name="order_picked_up",
    ),
    path(
        "cycles/<int:cycle_id>/orders/<int:order_id>/payments/<int:producer_id>/",
        payments.PaymentView.as_view(),
        name="order_payment",
    ),
    path(
        "cycles/<int:cycle_id>/lines/<int:line_id>/weight/",
        orders.LineWeightView.as_view(),
        name="line_weight",
    ),
    path(
        "cycles/<int:cycle_id>/roles/<int:role_id>/volunteers/",
        volunteers.VolunteerView.as_view(),
        name="role_volunteers",
    ),
    path("me/orders/", orders.MyOrdersView.as_view(), name="my_orders"),
]
