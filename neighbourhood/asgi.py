"""One ASGI application for HTTP and the WebSocket at /ws/."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")

# Django must be set up before the consumers (and the models they import) are loaded.
django_asgi_app = get_asgi_application()

from importlib import import_module  # noqa: E402

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

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

# Everything loaded at start (Django, the apps, the URLs and the views they name) lives as long
# as the process: kept out of the collector's full passes, which otherwise walked it all again
# and again, holding every socket of the process for that long (`gc.freeze`).
import_module(settings.ROOT_URLCONF)
gc.freeze()
