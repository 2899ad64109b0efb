from django.urls import include, path

from exchanges.swaps.api.views import exchanges, matches, swaps

quartier = [
    path("", swaps.QuartierSwapListView.as_view(), name="swaps"),
    path("overview/", swaps.CategoryOverviewView.as_view(), name="swap_overview"),
]

swap = [
    path("", swaps.SwapDetailView.as_view(), name="swap"),
    path("status/", swaps.SwapStatusView.as_view(), name="swap_status"),
    path("renew/", swaps.SwapRenewView.as_view(), name="swap_renew"),
    path("interest/", exchanges.SwapInterestView.as_view(), name="swap_interest"),
    path("introductions/", exchanges.SwapIntroductionView.as_view(), name="swap_introductions"),
    path("exchanges/", exchanges.SwapExchangesView.as_view(), name="swap_exchanges"),
]

exchange = [
    path("held/", exchanges.ExchangeHeldView.as_view(), name="exchange_held"),
    path("evaluation/", exchanges.ExchangeEvaluationView.as_view(), name="exchange_evaluation"),
]

urlpatterns = [
    path("quartiers/<slug:slug>/swaps/", include(quartier)),
    path("swaps/<int:swap_id>/", include(swap)),
    path("exchanges/<int:exchange_id>/", include(exchange)),
    path("me/swaps/", swaps.MySwapListView.as_view(), name="my_swaps"),
    path("me/swaps/suggestions/", matches.MySuggestionsView.as_view(), name="my_swap_suggestions"),
]
