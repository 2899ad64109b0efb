"""A geocoder of the tests' own, for what the real one cannot show on demand: being down, slow,
or answering nonsense. The real one (addok) answers the other tests, at GEOCODER_URL."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class FakeGeocoder:
    url: str
    asked: list[str] = field(default_factory=list)


Answer = Callable[[str], tuple[float, bytes]]  # the path asked → (seconds to wait, body)


@pytest.fixture
def fake_geocoder() -> Iterator[Callable[[Answer], FakeGeocoder]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> FakeGeocoder:
        fake = FakeGeocoder(url="")

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.asked.append(self.path)
                delay, body = answer(self.path)
                time.sleep(delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        fake.url = f"http://127.0.0.1:{server.server_address[1]}"
        return fake

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """An address where nothing listens: a geocoder that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def geojson(*features: tuple[str, float, float, float]) -> bytes:
    """An addok answer: (label, latitude, longitude, score) for each feature."""
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": {"label": label, "score": score, "type": "street"},
                }
                for label, latitude, longitude, score in features
            ],
        }
    ).encode()
