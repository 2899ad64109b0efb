#!/usr/bin/env bash
# Starts a real geocoder for the tests: addok, fed tests/geocoder/croix-rousse.jsonl (real
# addresses of the demo quartier), on its own Redis databases (GEOCODER_REDIS_DB and the next
# one, 12 and 13 by default), serving on 127.0.0.1:GEOCODER_PORT (7878 by default).
#
#   tests/geocoder/start.sh          install if needed, load, serve; prints the GEOCODER_URL
#   tests/geocoder/start.sh --stop   stops the server this script started
#
# Everything but the URL goes to stderr, so that `export GEOCODER_URL=$(tests/geocoder/start.sh)`
# works. addok lives in a virtual environment of its own (see requirements.txt) under var/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${VOISINAGE_VAR_DIR:-$root/var}/geocoder"
venv="$state/venv"
port="${GEOCODER_PORT:-7878}"
url="http://127.0.0.1:$port"
export GEOCODER_REDIS_DB="${GEOCODER_REDIS_DB:-12}"
export ADDOK_CONFIG_MODULE="$here/addok.conf"
export ADDOK_LOG_DIR="$state"
mkdir -p "$state"

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$state/pid" ]; then kill "$(cat "$state/pid")" 2>/dev/null || true; rm -f "$state/pid"; fi
  exit 0
fi

answers() { python3 - "$1" <<'PY'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/search/?q=rue+d%27austerlitz&limit=1", timeout=2) as r:
        sys.exit(0 if json.load(r)["features"] else 1)
except Exception:
    sys.exit(1)
PY
}

if answers "$url"; then
  echo "The geocoder already answers at $url." >&2
  echo "$url"
  exit 0
fi

if [ ! -f "$venv/.installed" ] || [ "$here/requirements.txt" -nt "$venv/.installed" ]; then
  echo "Installing addok in $venv…" >&2
  python3 -m venv "$venv"
  # pip's notes about the machine's extra package folders are noise here.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$here/requirements.txt" 2>&1 | grep -v "is ignored" >&2 || true
  "$venv/bin/addok" --help >/dev/null
  touch "$venv/.installed"
fi

echo "Loading the addresses of the demo quartier into Redis databases $GEOCODER_REDIS_DB and $((GEOCODER_REDIS_DB + 1))…" >&2
"$venv/bin/addok" reset --force >&2
"$venv/bin/addok" batch "$here/croix-rousse.jsonl" >&2
"$venv/bin/addok" ngrams >&2

echo "Serving addok at $url (log: $state/serve.log)…" >&2
nohup "$venv/bin/addok" serve --host 127.0.0.1 --port "$port" >"$state/serve.log" 2>&1 &
echo $! >"$state/pid"
for _ in $(seq 1 50); do
  if answers "$url"; then echo "$url"; exit 0; fi
  sleep 0.2
done
echo "addok did not answer at $url; see $state/serve.log." >&2
exit 1
