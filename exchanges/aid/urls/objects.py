"""Objects lent or given away, under /objects/ (namespace "aid")."""

from django.urls import path

from exchanges.aid.views import lending, objects

urlpatterns = [
    path("mine/", objects.my_objects, name="my_objects"),
    path("in/<slug:slug>/", objects.inventory, name="inventory"),
    path("in/<slug:slug>/new/", objects.item_publish, name="item_publish"),
    path("<int:item_id>/", objects.item_detail, name="item"),
    path("<int:item_id>/edit/", objects.item_edit, name="item_edit"),
    path("<int:item_id>/pause/", objects.item_pause, name="item_pause"),
    path("<int:item_id>/withdraw/", objects.item_withdraw, name="item_withdraw"),
    path("<int:item_id>/borrow/", lending.loan_ask, name="loan_ask"),
    path("<int:item_id>/take/", lending.gift_ask, name="gift_ask"),
    path("loans/<int:loan_id>/<slug:action>/", lending.loan_action, name="loan_action"),
    path("gifts/<int:gift_id>/<slug:action>/", lending.gift_action, name="gift_action"),
]
