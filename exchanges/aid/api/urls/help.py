"""Coups de main in the API (under /api/v1/, namespace "api")."""

from django.urls import include, path

from exchanges.aid.api.views import help as views

coup = [
    path("", views.CoupDeMainDetailView.as_view(), name="coup_de_main"),
    path("cancel/", views.CoupDeMainCancelView.as_view(), name="coup_de_main_cancel"),
    path("done/", views.CoupDeMainDoneView.as_view(), name="coup_de_main_done"),
    path("offers/", views.CoupDeMainOffersView.as_view(), name="coup_de_main_offers"),
    path("thanks/", views.CoupDeMainThanksView.as_view(), name="coup_de_main_thanks"),
]

offer = [
    path("choose/", views.HelpOfferChooseView.as_view(), name="help_offer_choose"),
    path("decline/", views.HelpOfferDeclineView.as_view(), name="help_offer_decline"),
    path("withdraw/", views.HelpOfferWithdrawView.as_view(), name="help_offer_withdraw"),
]

urlpatterns = [
    path(
        "quartiers/<slug:slug>/coups-de-main/",
        views.QuartierCoupDeMainListView.as_view(),
        name="coups_de_main",
    ),
    path("coups-de-main/<int:coup_id>/", include(coup)),
    path("help-offers/<int:help_offer_id>/", include(offer)),
    path("me/coups-de-main/", views.MyCoupsDeMainView.as_view(), name="my_coups_de_main"),
]
