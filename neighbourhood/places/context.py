from django.conf import settings
from django.http import HttpRequest


def map_tiles(request: HttpRequest) -> dict[str, object]:
    """The map tiles' address and credit, for the pages that show a map (none without them)."""
    return {
        "map_tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    }
