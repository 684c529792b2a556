"""Prints N requests signed by the official SDK's Signer, one a line (body, Authorization,
X-Sdk-Date, X-Domain-Id, tab-separated), each allocating a small amount to a different customer:
the benchmark's wrk script replays them in turn, so every request is verified in full and moves
money for a customer no other request touches.
Usage: sign_many_for_wrk.py BASE_URL PARTNER_ID AK SK PATH IDS_FILE AMOUNT"""
import json
import sys

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

base, partner_id, ak, sk, path, ids_file, amount = sys.argv[1:8]
signer = Signer(GlobalCredentials(ak, sk))
with open(ids_file, encoding="utf-8") as f:
    for line in f:
        body = json.dumps({"customer_id": line.strip(), "amount": float(amount)})
        request = SdkRequest(method="POST", schema="http", host=base.split("://")[1],
                             resource_path=path, query_params=[], body=body,
                             header_params={"Content-Type": "application/json",
                                            "X-Domain-Id": partner_id})
        signer.sign(request)
        h = request.header_params
        print("\t".join([body, h["Authorization"], h["X-Sdk-Date"], partner_id]))
