from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

from neighbourhood.photos.models import photos_storage


def photo_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """The local disk's photo files, for `make run` and DEBUG; in production the web server (or
    the S3 store) serves them, with the same caching. A name is a random key: a changed photo
    gets a new one, so a file can be cached for a year and never revalidated."""
    storage = photos_storage()
    if not settings.PHOTOS_SERVE or not isinstance(storage, FileSystemStorage):
        raise Http404
    response = serve(request, name, document_root=str(storage.location))
    response["Cache-Control"] = settings.PHOTOS_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
