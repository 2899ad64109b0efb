from django.urls import path

from neighbourhood.photos.views import photo_file

urlpatterns = [path("<str:name>", photo_file, name="photo_file")]
