from django.urls import path

from messaging.consumers import SiteConsumer

websocket_urlpatterns = [path("ws/", SiteConsumer.as_asgi())]
