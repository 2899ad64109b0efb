"""Coups de main's pages, under /help/ in the "aid" namespace."""

from django.urls import path

from exchanges.aid.views import help as views

urlpatterns = [
    path("mine/", views.help_mine, name="help_mine"),
    path("in/<slug:slug>/", views.help_list, name="help_list"),
    path("in/<slug:slug>/new/", views.help_create, name="help_create"),
    path("<int:coup_id>/", views.help_detail, name="help_detail"),
    path("<int:coup_id>/edit/", views.help_edit, name="help_edit"),
    path("<int:coup_id>/cancel/", views.help_cancel, name="help_cancel"),
    path("<int:coup_id>/done/", views.help_done, name="help_done"),
    path("<int:coup_id>/offer/", views.help_offer, name="help_offer"),
    path("<int:coup_id>/thanks/", views.help_thank, name="help_thank"),
    path("offers/<int:help_offer_id>/choose/", views.help_choose, name="help_choose"),
    path("offers/<int:help_offer_id>/decline/", views.help_decline, name="help_decline"),
    path("offers/<int:help_offer_id>/withdraw/", views.help_withdraw, name="help_withdraw"),
]
