from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from neighbourhood.photos.models import Photo


@extend_schema_field(OpenApiTypes.URI)
class FileUrlField(serializers.Field):
    """A stored file's address, absolute: the site's own (the local disk) or the store's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: FieldFile) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(value.url) if request is not None else value.url


class PhotoSerializer(serializers.ModelSerializer):
    card_url = FileUrlField(source="card", help_text="480 px at most, WebP.")
    page_url = FileUrlField(source="page", help_text="1280 px at most, WebP.")
    width = serializers.IntegerField(read_only=True, help_text="The page rendition's width.")
    height = serializers.IntegerField(read_only=True, help_text="The page rendition's height.")

    class Meta:
        model = Photo
        fields = ["id", "position", "alt_text", "card_url", "page_url", "width", "height", "owner"]
        read_only_fields = fields


class PhotoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="JPEG, PNG, WebP or HEIC; the type is read from the content. EXIF and GPS are "
        "removed."
    )
    alt_text = serializers.CharField(
        max_length=200, help_text="What the photo shows, for those who cannot see it."
    )
