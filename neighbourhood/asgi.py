"""One ASGI application for HTTP and the WebSocket at /ws/."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")

# Django must be set up before the consumers (and the models they import) are loaded.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from messaging.auth import SocketAuthMiddlewareStack  # noqa: E402
from messaging.routing import websocket_urlpatterns  # noqa: E402
from neighbourhood.origins import SameOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Same origin as the page, on any host and port the site is served from (see origins).
        "websocket": SameOriginValidator(
            SocketAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
