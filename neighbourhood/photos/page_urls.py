from django.urls import path

from neighbourhood.photos import pages

app_name = "photos"

urlpatterns = [
    # Before the subjects' pattern, which "remove" would match too.
    path("remove/<int:photo_id>/", pages.photo_remove, name="remove"),
    path("<slug:subject>/<int:subject_id>/", pages.photos_manage, name="manage"),
]
