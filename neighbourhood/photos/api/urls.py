from django.urls import path

from neighbourhood.photos.api import views

urlpatterns = [
    path("photos/<int:photo_id>/", views.PhotoDetailView.as_view(), name="photo"),
    path(
        "photos/<slug:subject>/<int:subject_id>/",
        views.SubjectPhotosView.as_view(),
        name="subject_photos",
    ),
]
