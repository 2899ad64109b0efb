"""Photos of a subject (an object, a coup de main): listed by those who see the subject, added
and removed by its owner. An upload is ``multipart/form-data``."""

from __future__ import annotations

from django.db import models
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.photos import selectors, services
from neighbourhood.photos.api.serializers import PhotoSerializer, PhotoUploadSerializer
from neighbourhood.photos.models import Photo
from neighbourhood.photos.subjects import photo_subject_keys

SUBJECT = OpenApiParameter(
    "subject",
    str,
    OpenApiParameter.PATH,
    enum=photo_subject_keys(),
    description="What the photos are of: `item` (an object), `coup_de_main`.",
)


class SubjectPhotosView(Endpoint[models.Model]):
    find = selectors.get_subject_for_reading
    find_for = {"POST": selectors.get_subject_for_editing}
    parser_classes = [MultiPartParser]
    # The service names the file after its argument.
    aliases = {"upload": "file"}

    @extend_schema(parameters=[SUBJECT], responses=PhotoSerializer(many=True))
    def get(self, request: AuthenticatedRequest, subject: str, subject_id: int) -> Response:
        """The subject's photos, in their order; for the members who see the subject."""
        photos = selectors.photos_of(subject=self.object)
        return Response(PhotoSerializer(photos, many=True, context={"request": request}).data)

    @extend_schema(
        parameters=[SUBJECT],
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoSerializer},
    )
    def post(self, request: AuthenticatedRequest, subject: str, subject_id: int) -> Response:
        """Adds a photo (6 at most), for the subject's owner. It is refused if it is not a photo,
        over 10 MB or 40 megapixels; it is stored without its metadata."""
        sent = self.valid(PhotoUploadSerializer)
        photo = services.photo_add(
            subject=self.object, owner=request.user, upload=sent["file"], alt_text=sent["alt_text"]
        )
        return created(PhotoSerializer(photo, context={"request": request}).data)


class PhotoDetailView(Endpoint[Photo]):
    find = selectors.get_photo_for_owner

    @extend_schema(responses={204: None})
    def delete(self, request: AuthenticatedRequest, photo_id: int) -> Response:
        """Removes a photo and its files; for the one who added it."""
        services.photo_delete(photo=self.object, actor=request.user)
        return no_content()
