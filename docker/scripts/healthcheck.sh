#!/bin/sh
# SPDX-License-Identifier: MIT
# The image's HEALTHCHECK (installed as PREFIX/libexec/kumo/healthcheck): healthy when
# /api/health answers 200 (503 means the database or the scheduler is not well).
# KUMO_HEALTH_URL overrides the address (default http://127.0.0.1:8000/api/health).
exec python3 - "${KUMO_HEALTH_URL:-http://127.0.0.1:8000/api/health}" <<'PY'
import sys
import urllib.error
import urllib.request

# Straight to the server: an http_proxy in the container's environment must not be asked.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    with opener.open(sys.argv[1], timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as error:
    print(f"kumo unhealthy: HTTP {error.code} {error.read(300).decode(errors='replace')}", file=sys.stderr)
except OSError as error:
    print(f"kumo unhealthy: {error}", file=sys.stderr)
sys.exit(1)
PY
