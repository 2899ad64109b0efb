from django.urls import URLPattern, URLResolver, include, path

from exchanges.produce.api import absences
from exchanges.produce.api.views import (
    contracts,
    cycles,
    imports,
    orders,
    payments,
    producers,
    products,
    reports,
    subscriptions,
    volunteers,
)

quartier = [
    path("producers/", producers.QuartierProducerListView.as_view(), name="producers"),
    path("cycles/", cycles.QuartierCycleListView.as_view(), name="cycles"),
    path("contracts/", contracts.QuartierContractListView.as_view(), name="contracts"),
    path("baskets/", absences.QuartierBasketsView.as_view(), name="quartier_baskets"),
]

producer = [
    path("", producers.ProducerDetailView.as_view(), name="producer"),
    path("products/", products.ProducerProductListView.as_view(), name="producer_products"),
]

order = [
    path("", orders.MemberOrderView.as_view(), name="cycle_member_order"),
    path("picked-up/", orders.OrderPickedUpView.as_view(), name="order_picked_up"),
    path("payments/<int:producer_id>/", payments.PaymentView.as_view(), name="order_payment"),
]

cycle: list[URLPattern | URLResolver] = [
    path("", cycles.CycleDetailView.as_view(), name="cycle"),
    path("copy/", cycles.CycleCopyView.as_view(), name="cycle_copy"),
    path("close/", cycles.CycleCloseView.as_view(), name="cycle_close"),
    path("reopen/", cycles.CycleReopenView.as_view(), name="cycle_reopen"),
    path("send-reports/", cycles.CycleSendReportsView.as_view(), name="cycle_send_reports"),
    path("order/", orders.MyCycleOrderView.as_view(), name="cycle_order"),
    path("reports/totals/", reports.CycleTotalsView.as_view(), name="cycle_totals"),
    path("reports/pickup/", reports.CyclePickUpView.as_view(), name="cycle_pickup"),
    path("reports/packing/", reports.CyclePackingView.as_view(), name="cycle_packing"),
    path("reports/owed/", reports.CycleOwedView.as_view(), name="cycle_owed"),
    path("orders/<int:order_id>/", include(order)),
    path("lines/<int:line_id>/weight/", orders.LineWeightView.as_view(), name="line_weight"),
    path(
        "roles/<int:role_id>/volunteers/",
        volunteers.VolunteerView.as_view(),
        name="role_volunteers",
    ),
]

urlpatterns = [
    path("quartiers/<slug:slug>/", include(quartier)),
    path("producers/<int:producer_id>/", include(producer)),
    path("products/<int:product_id>/", products.ProductDetailView.as_view(), name="product"),
    path("cycles/<int:cycle_id>/", include(cycle)),
    path(
        "contracts/<int:contract_id>/import/",
        imports.ContractImportView.as_view(),
        name="contract_import",
    ),
    path("contracts/<int:contract_id>/", contracts.ContractDetailView.as_view(), name="contract"),
    path("me/orders/", orders.MyOrdersView.as_view(), name="my_orders"),
    path(
        "contracts/<int:contract_id>/subscriptions/",
        subscriptions.ContractSubscriptionsView.as_view(),
        name="contract_subscriptions",
    ),
    path(
        "subscriptions/<int:subscription_id>/",
        subscriptions.SubscriptionView.as_view(),
        name="subscription",
    ),
    path(
        "subscriptions/<int:subscription_id>/instalments/",
        subscriptions.SubscriptionInstalmentsView.as_view(),
        name="subscription_instalments",
    ),
    path(
        "instalments/<int:instalment_id>/",
        subscriptions.InstalmentView.as_view(),
        name="instalment",
    ),
    path(
        "subscriptions/<int:subscription_id>/absences/",
        absences.SubscriptionAbsencesView.as_view(),
        name="subscription_absences",
    ),
    path("absences/<int:absence_id>/", absences.AbsenceView.as_view(), name="absence"),
    path("absences/<int:absence_id>/take/", absences.BasketTakeView.as_view(), name="basket_take"),
]
