"""The ASGI application freezes what it loaded at start out of the collector's full passes."""

import os
import subprocess
import sys

CHECK = """
import gc
import neighbourhood.asgi
frozen = gc.get_freeze_count()
assert frozen > 10_000, frozen
print(frozen)
"""


def test_the_application_s_start_is_frozen_out_of_the_collector():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "neighbourhood.settings"}
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) > 10_000
