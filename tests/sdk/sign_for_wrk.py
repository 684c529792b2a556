"""Prints a wrk Lua script that replays one request signed by the official SDK's Signer (a
signature stays valid for 15 minutes, so every replay is verified in full by the server).
Usage: sign_for_wrk.py BASE_URL MANIFEST PARTNER PATH JSON_BODY"""
import json
import sys

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

base, manifest_path, partner, path, body = sys.argv[1:6]
with open(manifest_path, encoding="utf-8") as f:
    account = next(a for a in json.load(f)["accounts"]
                   if a["kind"] == "partner_main" and a["account_name"] == partner)
request = SdkRequest(method="POST", schema="http", host=base.split("://")[1], resource_path=path,
                     query_params=[], body=body,
                     header_params={"Content-Type": "application/json", "X-Domain-Id": account["domain_id"]})
Signer(GlobalCredentials(account["access_key"], account["secret_key"])).sign(request)
print('wrk.method = "POST"')
print(f"wrk.body = {json.dumps(body)}")
for key, value in request.header_params.items():
    print(f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}")
