"""The official Huawei Cloud SDK (huaweicloudsdkbss, pinned in requirements.txt) against a running
Partner Centre with the demo data: listing with each filter, paging, creating customers, Huawei's
errors as the SDK's exceptions, refused signatures, permissions and tenant isolation.

BASE_URL and PC_DEMO_MANIFEST name the server and its demo manifest (tests/sdk/run.sh sets them).
"""
import json
import os
import unittest
import uuid
from datetime import datetime, timedelta, timezone

import requests
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkbss.v2 import (BssClient, CreateCustomerV2Req, CreateSubCustomerRequest,
                                  ListIndirectPartnersRequest, ListSubCustomersRequest,
                                  QueryIndirectPartnersReq, QuerySubCustomerListReq)

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:3000")
with open(os.environ.get("PC_DEMO_MANIFEST", "demo-manifest.json"), encoding="utf-8") as f:
    MANIFEST = json.load(f)


def user(**match):
    for a in MANIFEST["accounts"]:
        if all(a.get(k) == v for k, v in match.items()):
            return a
    raise LookupError(match)


def client_for(account, ak=None, sk=None):
    credentials = GlobalCredentials(ak or account["access_key"], sk or account["secret_key"],
                                    domain_id=account["domain_id"])
    return BssClient.new_builder().with_credentials(credentials).with_endpoints([BASE_URL]).build()


def list_customers(client, **filters):
    return client.list_sub_customers(ListSubCustomersRequest(body=QuerySubCustomerListReq(**filters)))


def all_customers(client, **filters):
    found, offset = [], 0
    while True:
        page = list_customers(client, offset=offset, limit=100, **filters)
        found += page.customer_infos
        offset += 100
        if offset >= page.count:
            return found


YUNFAN = user(kind="partner_main", account_name="yunfan-tech")
LANHAI = user(kind="partner_main", account_name="lanhai-solutions")
HUADONG = user(kind="partner_main", account_name="huadong-dist")


class Listing(unittest.TestCase):
    def setUp(self):
        self.client = client_for(YUNFAN)

    def test_paging_covers_every_customer_once(self):
        first = list_customers(self.client, offset=0, limit=7)
        self.assertEqual(len(first.customer_infos), 7)
        everyone = all_customers(self.client)
        self.assertEqual(len(everyone), first.count)
        self.assertEqual(len({c.customer_id for c in everyone}), first.count)
        self.assertGreaterEqual(first.count, 70)

    def test_each_filter(self):
        everyone = all_customers(self.client)
        some = everyone[3]
        by_account = list_customers(self.client, account_name=some.account_name[2:], limit=100)
        self.assertIn(some.customer_id, [c.customer_id for c in by_account.customer_infos])
        by_name = list_customers(self.client, customer=some.customer, limit=100)
        self.assertIn(some.customer_id, [c.customer_id for c in by_name.customer_infos])
        by_id = list_customers(self.client, customer_id=some.customer_id)
        self.assertEqual([c.account_name for c in by_id.customer_infos], [some.account_name])
        for kind in ("1", "2"):
            typed = all_customers(self.client, association_type=kind)
            self.assertTrue(typed and all(c.association_type == kind for c in typed))
            self.assertEqual(len(typed), len([c for c in everyone if c.association_type == kind]))
        times = sorted(c.associated_on for c in everyone)
        begin, end = times[10], times[30]
        ranged = all_customers(self.client, associated_on_begin=begin, associated_on_end=end)
        self.assertEqual(len(ranged), len([t for t in times if begin <= t <= end]))
        for c in everyone[:5]:
            datetime.strptime(c.associated_on, "%Y-%m-%dT%H:%M:%SZ")
            self.assertIn(c.customer_type, (0, 1))

    def test_a_distributor_lists_its_resellers_and_their_customers(self):
        client = client_for(HUADONG)
        resellers = client.list_indirect_partners(
            ListIndirectPartnersRequest(body=QueryIndirectPartnersReq(offset=0, limit=10)))
        names = sorted(r.account_name for r in resellers.indirect_partners)
        self.assertEqual(names, ["jiangsu-reseller", "zhejiang-reseller"])
        self.assertEqual(resellers.count, 2)
        jiangsu = next(r for r in resellers.indirect_partners if r.account_name == "jiangsu-reseller")
        theirs = list_customers(client, indirect_partner_id=jiangsu.indirect_partner_id, limit=100)
        expected = [a for a in MANIFEST["accounts"] if a.get("partner") == "jiangsu-reseller" and a["kind"] == "customer"]
        self.assertEqual(theirs.count, len(expected))
        # A solution provider has no resellers: another partner's customers are refused.
        with self.assertRaises(ClientRequestException) as refused:
            list_customers(client_for(YUNFAN), indirect_partner_id=jiangsu.indirect_partner_id)
        self.assertEqual((refused.exception.status_code, refused.exception.error_code),
                         (403, "CBC.0151"))
        # A distributor reads its resellers' customers but does not create them.
        with self.assertRaises(ClientRequestException) as refused:
            client.create_sub_customer(CreateSubCustomerRequest(body=CreateCustomerV2Req(
                domain_name="for-" + uuid.uuid4().hex[:8],
                indirect_partner_id=jiangsu.indirect_partner_id)))
        self.assertEqual((refused.exception.status_code, refused.exception.error_code),
                         (403, "CBC.0151"))
        # Paging outside Huawei's documented ranges is a parameter error.
        for paging in ({"offset": 2 ** 40}, {"limit": 101}):
            with self.assertRaises(ClientRequestException) as refused:
                list_customers(client, **paging)
            self.assertEqual((refused.exception.status_code, refused.exception.error_code),
                             (400, "CBC.0100"))


class Creating(unittest.TestCase):
    def test_create_then_find_it(self):
        client = client_for(YUNFAN)
        name = "sdk-" + uuid.uuid4().hex[:10]
        created = client.create_sub_customer(CreateSubCustomerRequest(body=CreateCustomerV2Req(
            domain_name=name, password="Secret#2026sdk", cooperation_type="1")))
        self.assertEqual(created.domain_name, name)
        found = list_customers(client, customer_id=created.domain_id)
        self.assertEqual(found.count, 1)
        self.assertEqual(found.customer_infos[0].association_type, "1")
        with self.assertRaises(ClientRequestException) as again:
            client.create_sub_customer(CreateSubCustomerRequest(body=CreateCustomerV2Req(domain_name=name)))
        # A taken name is a conflict, named by the request's own field.
        self.assertEqual((again.exception.status_code, again.exception.error_code), (409, "CBC.0100"))
        self.assertIn("domain_name", again.exception.error_msg)

    def test_a_name_is_made_when_none_is_given(self):
        created = client_for(LANHAI).create_sub_customer(CreateSubCustomerRequest(body=CreateCustomerV2Req()))
        self.assertTrue(created.domain_name.startswith("pc_"))


class Errors(unittest.TestCase):
    def assert_error(self, call, status, code):
        with self.assertRaises(ClientRequestException) as raised:
            call()
        self.assertEqual((raised.exception.status_code, raised.exception.error_code), (status, code),
                         raised.exception.error_msg)

    def test_bad_parameters(self):
        client = client_for(YUNFAN)
        self.assert_error(lambda: list_customers(client, limit=101), 400, "CBC.0100")
        self.assert_error(lambda: list_customers(client, offset=-1), 400, "CBC.0100")
        self.assert_error(lambda: list_customers(client, association_type="3"), 400, "CBC.0100")
        self.assert_error(lambda: list_customers(client, associated_on_begin="2026-01-01"), 400, "CBC.0100")
        self.assert_error(lambda: list_customers(client, account_name="x" * 65), 400, "CBC.0100")

    def test_wrong_key_and_wrong_secret(self):
        self.assert_error(lambda: list_customers(client_for(YUNFAN, ak="UNKNOWNAK00000000000")), 401, "CBC.0105")
        self.assert_error(lambda: list_customers(client_for(YUNFAN, sk="not-the-secret")), 401, "CBC.0105")

    def test_member_key_without_the_permission(self):
        auditor = user(kind="member", user_name="wu.auditor")
        self.assert_error(lambda: list_customers(client_for(auditor)), 403, "CBC.0151")
        reader = user(kind="member", user_name="qian.readonly")
        self.assert_error(lambda: client_for(reader).create_sub_customer(
            CreateSubCustomerRequest(body=CreateCustomerV2Req(domain_name="never-made"))), 403, "CBC.0151")


def signed_post(account, path, body, when=None, tamper=None):
    """Signs with the SDK's own Signer (dated `when`), optionally alters the request afterwards,
    and sends it."""
    request = SdkRequest(method="POST", schema="http", host=BASE_URL.split("://")[1],
                         resource_path=path, query_params=[],
                         header_params={"Content-Type": "application/json", "X-Domain-Id": account["domain_id"]},
                         body=json.dumps(body))
    if when is not None:
        request.header_params["X-Sdk-Date"] = when.strftime("%Y%m%dT%H%M%SZ")
    Signer(GlobalCredentials(account["access_key"], account["secret_key"])).sign(request)
    url = BASE_URL + request.uri
    data = request.body
    if tamper:
        url, data = tamper(url, data)
    return requests.post(url, data=data, headers=request.header_params, timeout=10)


class Signatures(unittest.TestCase):
    PATH = "/v2/partners/sub-customers/query"

    def test_the_sdk_signer_is_accepted(self):
        res = signed_post(YUNFAN, self.PATH, {"limit": 1})
        self.assertEqual(res.status_code, 200, res.text)

    def test_stale_and_future_dates_are_refused(self):
        for minutes in (-16, 16):
            when = datetime.now(timezone.utc) + timedelta(minutes=minutes)
            res = signed_post(YUNFAN, self.PATH, {"limit": 1}, when=when)
            self.assertEqual((res.status_code, res.json()["error_code"]), (401, "CBC.0154"))

    def test_tampered_body_and_query_are_refused(self):
        body = signed_post(YUNFAN, self.PATH, {"limit": 1}, tamper=lambda u, d: (u, d.replace(b"1", b"9")))
        self.assertEqual((body.status_code, body.json()["error_code"]), (401, "CBC.0105"))
        query = signed_post(YUNFAN, self.PATH, {"limit": 1}, tamper=lambda u, d: (u + "?offset=5", d))
        self.assertEqual((query.status_code, query.json()["error_code"]), (401, "CBC.0105"))

    def test_malformed_json_is_a_400(self):
        request_body = "{not json"
        request = SdkRequest(method="POST", schema="http", host=BASE_URL.split("://")[1],
                             resource_path=self.PATH, query_params=[],
                             header_params={"Content-Type": "application/json"}, body=request_body)
        Signer(GlobalCredentials(YUNFAN["access_key"], YUNFAN["secret_key"])).sign(request)
        res = requests.post(BASE_URL + request.uri, data=request.body, headers=request.header_params, timeout=10)
        self.assertEqual((res.status_code, res.json()["error_code"]), (400, "CBC.0100"))


class Isolation(unittest.TestCase):
    def test_one_partner_never_sees_anothers_customers(self):
        yunfan_ids = {c.customer_id for c in all_customers(client_for(YUNFAN))}
        lanhai = client_for(LANHAI)
        lanhai_ids = {c.customer_id for c in all_customers(lanhai)}
        self.assertTrue(yunfan_ids and lanhai_ids)
        self.assertFalse(yunfan_ids & lanhai_ids)
        someone = next(iter(yunfan_ids))
        self.assertEqual(list_customers(lanhai, customer_id=someone).count, 0)

    def test_a_customer_managers_key_sees_its_customers_only(self):
        manager = client_for(user(kind="member", user_name="wang.manager"))
        mine = all_customers(manager)
        self.assertTrue(mine)
        self.assertTrue(all(c.account_managers and c.account_managers[0].account_name == "wang.manager" for c in mine))
        self.assertLess(len(mine), len(all_customers(client_for(YUNFAN))))


if __name__ == "__main__":
    unittest.main(verbosity=2)
