"""Routes of the objects' API (namespace "api")."""

from django.urls import include, path

from exchanges.aid.api.views import gifts, loans, objects

item = [
    path("", objects.ItemDetailView.as_view(), name="item"),
    path("pause/", objects.ItemPauseView.as_view(), name="item_pause"),
    path("withdraw/", objects.ItemWithdrawView.as_view(), name="item_withdraw"),
    path("loans/", objects.ItemLoansView.as_view(), name="item_loans"),
    path("gifts/", objects.ItemGiftsView.as_view(), name="item_gifts"),
]

loan = [
    path("", loans.LoanDetailView.as_view(), name="loan"),
    path("accept/", loans.LoanAcceptView.as_view(), name="loan_accept"),
    path("decline/", loans.LoanDeclineView.as_view(), name="loan_decline"),
    path("cancel/", loans.LoanCancelView.as_view(), name="loan_cancel"),
    path("hand-over/", loans.LoanHandOverView.as_view(), name="loan_hand_over"),
    path("return/", loans.LoanReturnView.as_view(), name="loan_return"),
]

gift = [
    path("", gifts.GiftDetailView.as_view(), name="gift"),
    path("reserve/", gifts.GiftReserveView.as_view(), name="gift_reserve"),
    path("collect/", gifts.GiftCollectView.as_view(), name="gift_collect"),
    path("cancel/", gifts.GiftCancelView.as_view(), name="gift_cancel"),
]

urlpatterns = [
    path("quartiers/<slug:slug>/objects/", objects.QuartierItemListView.as_view(), name="items"),
    path("objects/<int:item_id>/", include(item)),
    path("loans/<int:loan_id>/", include(loan)),
    path("gifts/<int:gift_id>/", include(gift)),
    path("me/loans/", loans.MyLoansView.as_view(), name="my_loans"),
]
