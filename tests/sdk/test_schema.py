"""The OpenAPI document against the server, by a schema-driven fuzzer (schemathesis): every
request it makes from the document, valid or deliberately not, must get an answer the document
describes (status, content type, body schema), never a server error; data the document forbids
(out-of-range paging, over-long text, malformed times) must be refused. Requests are signed with
the official SDK's Signer as a tier-1 distributor's main account.

Run by tests/sdk/run.sh with BASE_URL and PC_DEMO_MANIFEST set: pytest tests/sdk/test_schema.py
"""
import json
import os
from urllib.parse import parse_qsl, urlparse

import requests
import schemathesis
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import HealthCheck, settings

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:3000")
with open(os.environ.get("PC_DEMO_MANIFEST", "demo-manifest.json"), encoding="utf-8") as f:
    ACCOUNT = next(a for a in json.load(f)["accounts"]
                   if a["kind"] == "partner_main" and a["account_name"] == "huadong-dist")


SIGN_ME = "SIGN-ME"


class SdkSigned(requests.auth.AuthBase):
    """Signs a prepared request exactly as the SDK signs its own, once its body is final, where
    the fuzzer's auth provider asked for a signature. Requests the fuzzer sends without
    Authorization, or with a made-up one (to see them refused), go out as they are."""

    def __call__(self, r):
        if r.headers.get("Authorization") != SIGN_ME:
            return r
        url = urlparse(r.url)
        body = r.body or b""
        request = SdkRequest(
            method=r.method, schema=url.scheme, host=url.netloc, resource_path=url.path,
            query_params=parse_qsl(url.query), body=body,
            header_params={"Content-Type": r.headers.get("Content-Type", "application/json"),
                           "X-Domain-Id": ACCOUNT["domain_id"]})
        Signer(GlobalCredentials(ACCOUNT["access_key"], ACCOUNT["secret_key"])).sign(request)
        r.headers.update(request.header_params)
        return r


SESSION = requests.Session()
SESSION.auth = SdkSigned()
schema = schemathesis.openapi.from_url(f"{BASE_URL}/api/openapi.json")


@schema.auth()
class AskForSignature:
    """The fuzzer's credentials: a marker the session replaces with the real signature."""

    def get(self, case, ctx):
        return SIGN_ME

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = data


@schema.parametrize()
# Derandomised, so CI runs the same 200 cases per operation every time; explore further locally
# with `pytest tests/sdk/test_schema.py --hypothesis-seed=<any number>`.
@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_document_and_the_server_agree(case):
    case.call_and_validate(base_url=BASE_URL, session=SESSION)
