"""Places' pages, under /places/ (namespace "places"): the words typed in an address field, and
the quartier's directory."""

from django.urls import path

from neighbourhood.places import directory_views, views

app_name = "places"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
    path("in/<slug:slug>/", directory_views.directory, name="directory"),
    path("in/<slug:slug>/new/", directory_views.place_create, name="create"),
    path("in/<slug:slug>/suggestions/", directory_views.suggestions, name="suggestions"),
    path("<int:place_id>/", directory_views.place_detail, name="detail"),
    path("<int:place_id>/edit/", directory_views.place_edit, name="edit"),
    path("<int:place_id>/approve/", directory_views.place_approve, name="approve"),
    path("<int:place_id>/decline/", directory_views.place_decline, name="decline"),
    path("<int:place_id>/withdraw/", directory_views.place_withdraw, name="withdraw"),
]
