#!/usr/bin/env bash
# Prints the path of the virtual environment with the pinned official SDK, making it when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${PC_SDK_VENV:-$HOME/.cache/partner-centre/sdk-venv}"
if ! "$venv/bin/python" -c 'import huaweicloudsdkbss, requests, schemathesis, pytest' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/sdk/requirements.txt >&2
fi
echo "$venv"
