from django.urls import path

from exchanges.swaps.api.views import exchanges, matches, swaps

urlpatterns = [
    path("quartiers/<slug:slug>/swaps/", swaps.QuartierSwapListView.as_view(), name="swaps"),
    path(
        "quartiers/<slug:slug>/swaps/overview/",
        swaps.CategoryOverviewView.as_view(),
        name="swap_overview",
    ),
    path("swaps/<int:swap_id>/", swaps.SwapDetailView.as_view(), name="swap"),
    path("swaps/<int:swap_id>/status/", swaps.SwapStatusView.as_view(), name="swap_status"),
    path("swaps/<int:swap_id>/renew/", swaps.SwapRenewView.as_view(), name="swap_renew"),
    path(
        "swaps/<int:swap_id>/interest/",
        exchanges.SwapInterestView.as_view(),
        name="swap_interest",
    ),
    path(
        "swaps/<int:swap_id>/introductions/",
        exchanges.SwapIntroductionView.as_view(),
        name="swap_introductions",
    ),
    path(
        "swaps/<int:swap_id>/exchanges/",
        exchanges.SwapExchangesView.as_view(),
        name="swap_exchanges",
    ),
    path(
        "exchanges/<int:exchange_id>/held/",
        exchanges.ExchangeHeldView.as_view(),
        name="exchange_held",
    ),
    path(
        "exchanges/<int:exchange_id>/evaluation/",
        exchanges.ExchangeEvaluationView.as_view(),
        name="exchange_evaluation",
    ),
    path("me/swaps/", swaps.MySwapListView.as_view(), name="my_swaps"),
    path(
        "me/swaps/suggestions/",
        matches.MySuggestionsView.as_view(),
        name="my_swap_suggestions",
    ),
]
