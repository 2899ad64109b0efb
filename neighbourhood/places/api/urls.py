"""The directory in the API: /api/v1/quartiers/<slug>/places/, /api/v1/places/<id>/…"""

from django.urls import path

from neighbourhood.places.api import views

urlpatterns = [
    path("quartiers/<slug:slug>/places/", views.QuartierPlaceListView.as_view(), name="places"),
    path("places/<int:place_id>/", views.PlaceDetailView.as_view(), name="place"),
    path("places/<int:place_id>/approve/", views.PlaceApproveView.as_view(), name="place_approve"),
    path("places/<int:place_id>/decline/", views.PlaceDeclineView.as_view(), name="place_decline"),
]
