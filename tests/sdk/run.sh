#!/usr/bin/env bash
# Runs the official-SDK compatibility tests (tests/sdk/test_sdk.py) against BASE_URL with the
# demo manifest PC_DEMO_MANIFEST, in a virtual environment with the pinned SDK (made when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${PC_SDK_VENV:-$HOME/.cache/partner-centre/sdk-venv}"
if ! "$venv/bin/python" -c 'import huaweicloudsdkbss, requests' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/sdk/requirements.txt
fi
"$venv/bin/python" tests/sdk/test_sdk.py
