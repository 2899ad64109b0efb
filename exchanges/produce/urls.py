from django.urls import path

from exchanges.produce import views

app_name = "produce"

urlpatterns = [
    path("mine/", views.my_orders, name="mine"),
    path("in/<slug:slug>/", views.cycle_list, name="list"),
    path("in/<slug:slug>/producers/", views.producer_list, name="producers"),
    path("in/<slug:slug>/producers/new/", views.producer_create, name="producer_create"),
    path("in/<slug:slug>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("in/<slug:slug>/contracts/", views.contract_list, name="contracts"),
    path("in/<slug:slug>/contracts/new/", views.contract_create, name="contract_create"),
    path("in/<slug:slug>/distribution-days/", views.distribution_days, name="distribution_days"),
    path(
        "in/<slug:slug>/distribution-days/<int:day_id>/remove/",
        views.distribution_day_delete,
        name="distribution_day_remove",
    ),
    path("in/<slug:slug>/membership/", views.membership, name="membership"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("contracts/<int:contract_id>/edit/", views.contract_edit, name="contract_edit"),
    path(
        "contracts/<int:contract_id>/dates/<int:date_id>/off/",
        views.contract_date_off,
        name="contract_date_off",
    ),
    path("producers/<int:producer_id>/", views.producer_detail, name="producer"),
    path("producers/<int:producer_id>/edit/", views.producer_edit, name="producer_edit"),
    path("producers/<int:producer_id>/products/new/", views.product_create, name="product_create"),
    path("products/<int:product_id>/edit/", views.product_edit, name="product_edit"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/order/", views.order_edit, name="order"),
    path("cycles/<int:cycle_id>/order/cancel/", views.order_cancel, name="order_cancel"),
    path("cycles/<int:cycle_id>/copy/", views.cycle_copy, name="cycle_copy"),
    path("cycles/<int:cycle_id>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:cycle_id>/reopen/", views.cycle_reopen, name="cycle_reopen"),
    path("cycles/<int:cycle_id>/send/", views.cycle_send_reports, name="cycle_send"),
    path("cycles/<int:cycle_id>/reports/", views.reports, name="reports"),
    path(
        "cycles/<int:cycle_id>/reports/<str:report>.<str:fmt>",
        views.report_export,
        name="report_export",
    ),
    path("cycles/<int:cycle_id>/orders/<int:order_id>/", views.order_manage, name="order_manage"),
    path("cycles/<int:cycle_id>/lines/<int:line_id>/weight/", views.line_weight, name="weight"),
    path("cycles/<int:cycle_id>/payments/", views.payments, name="payments"),
    path("cycles/<int:cycle_id>/roles/<int:role_id>/", views.volunteer, name="volunteer"),
    path("contracts/<int:contract_id>/import/", views.contract_import, name="contract_import"),
    path(
        "contracts/<int:contract_id>/import/example.csv",
        views.contract_import_example,
        name="contract_import_example",
    ),
    # Contracts: subscribing, and following the money.
    path("mine/contracts/", views.my_contracts, name="my_contracts"),
    path("contracts/<int:contract_id>/subscribe/", views.subscribe, name="subscribe"),
    path(
        "contracts/<int:contract_id>/subscriptions/",
        views.contract_subscriptions,
        name="contract_subscriptions",
    ),
    path("contracts/<int:contract_id>/schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path(
        "subscriptions/<int:subscription_id>/",
        views.subscription_detail,
        name="subscription",
    ),
    path(
        "subscriptions/<int:subscription_id>/end/",
        views.subscription_end,
        name="subscription_end",
    ),
    path(
        "subscriptions/<int:subscription_id>/contract.pdf",
        views.contract_pdf,
        name="contract_pdf",
    ),
    path(
        "instalments/<int:instalment_id>/",
        views.instalment_record,
        name="instalment",
    ),
    path("in/<slug:slug>/treasury/", views.treasury_month, name="treasury"),
    path("in/<slug:slug>/treasury.<str:fmt>", views.treasury_month, name="treasury_export"),
    path("in/<slug:slug>/baskets/", views.quartier_baskets, name="baskets"),
    path(
        "subscriptions/<int:subscription_id>/absences/",
        views.subscription_absences,
        name="absences",
    ),
    path("absences/<int:absence_id>/cancel/", views.absence_cancel, name="absence_cancel"),
    path("absences/<int:absence_id>/take/", views.basket_take, name="basket_take"),
]
