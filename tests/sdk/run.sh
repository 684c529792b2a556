#!/usr/bin/env bash
# Runs the official-SDK compatibility tests (tests/sdk/test_sdk.py, the money methods in
# tests/sdk/test_sdk_money.py, consumption in tests/sdk/test_sdk_consumption.py) and the schema-driven fuzzer
# (tests/sdk/test_schema.py) against BASE_URL with the
# demo manifest PC_DEMO_MANIFEST, in a virtual environment with the pinned SDK (made when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$(tests/sdk/venv.sh)
# A stuck run is stopped after 10 minutes rather than holding CI.
timeout 600 "$venv/bin/python" tests/sdk/test_sdk.py
timeout 600 "$venv/bin/python" tests/sdk/test_sdk_money.py
timeout 600 "$venv/bin/python" tests/sdk/test_sdk_consumption.py
# The OpenAPI document against the server, by schemathesis (every case signed by the SDK).
timeout 900 "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/sdk/test_schema.py
