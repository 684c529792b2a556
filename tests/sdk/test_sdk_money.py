"""The official SDK (huaweicloudsdkbss) drives every money method against a running Partner Centre
with the demo data: funds, customers' balances and records, a distributor's movements with its
resellers, quotas and their grants, coupons issued, listed, recalled and recorded, and a customer's own
coupons listed with the customer's own key (the demo gives customers holding coupons one). Effects are
asserted as differences (balances move by exactly the amount), so the tests hold on any demo data
and when run again. Money comes in the way it does in production: the operator tops partners up
and grants quotas through its own (portal) functions.

BASE_URL and PC_DEMO_MANIFEST name the server and its demo manifest (tests/sdk/run.sh sets them).
"""
import json
import os
import unittest
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import requests
from huaweicloudsdkbss.v2 import (
    AdjustAccountReq, AdjustCouponQuotasReq, AdjustToIndirectPartnerReq, BssClient,
    CreatePartnerCouponsReq, CreatePartnerCouponsRequest, CustomerInfoV2,
    ListCouponQuotasRecordsRequest, ListCustomersBalancesDetailRequest, ListIndirectPartnersRequest,
    ListIssuedCouponQuotasRequest, ListIssuedPartnerCouponsRequest,
    ListPartnerAccountChangeRecordsRequest, ListPartnerAdjustRecordsRequest,
    ListPartnerBalancesRequest, ListPartnerCouponsRecordRequest, ListQuotaCouponsRequest,
    ListSubCustomerCouponsRequest, ListSubCustomersRequest, QueryCouponQuotasReqExt,
    QueryCustomersBalancesReq, QueryIndirectPartnersReq, QuerySubCustomerListReq,
    ReclaimCouponQuotasReq, ReclaimCouponQuotasRequest, ReclaimIndirectPartnerAccountReq,
    ReclaimIndirectPartnerAccountRequest, ReclaimPartnerCouponsReq, ReclaimPartnerCouponsRequest,
    ReclaimToPartnerAccountBalancesReq, ReclaimToPartnerAccountRequest, UpdateCouponQuotasRequest,
    UpdateCustomerAccountAmountRequest, UpdateIndirectPartnerAccountRequest)
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:3000")
with open(os.environ.get("PC_DEMO_MANIFEST", "demo-manifest.json"), encoding="utf-8") as f:
    MANIFEST = json.load(f)

ECS, EBS = "hws.service.type.ecs", "hws.service.type.ebs"


def user(**match):
    return next(a for a in MANIFEST["accounts"] if all(a.get(k) == v for k, v in match.items()))


def client_for(account):
    credentials = GlobalCredentials(account["access_key"], account["secret_key"], domain_id=account["domain_id"])
    return BssClient.new_builder().with_credentials(credentials).with_endpoints([BASE_URL]).build()


YUNFAN = user(kind="partner_main", account_name="yunfan-tech")
LANHAI = user(kind="partner_main", account_name="lanhai-solutions")
HUADONG = user(kind="partner_main", account_name="huadong-dist")
JIANGSU = user(kind="partner_main", account_name="jiangsu-reseller")


def utc(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


class Operator:
    """The operator's portal functions (no public API at Huawei): top-ups and quota grants."""

    def __init__(self):
        account = user(kind="operator")
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        signed_in = self.post("sign_in_operator", account_name=account["account_name"],
                              password=account["password"])
        assert signed_in.status_code == 200, signed_in.text

    def post(self, function, **fields):
        return self.session.post(f"{BASE_URL}/api/{function}", data=fields, timeout=30)

    def top_up(self, partner, amount):
        res = self.post("top_up_partner", partner=partner["domain_id"], amount=amount, remark="sdk tests")
        assert res.status_code == 200, res.text

    def grant(self, partner, kind, amount):
        today = datetime.now(timezone(timedelta(hours=8))).date()
        # The console's form: its fields travel as `form[...]`.
        fields = dict(partner=partner["domain_id"], kind=kind, amount=amount,
                      valid_from=str(today - timedelta(days=1)), valid_until=str(today + timedelta(days=60)),
                      service_types=f"{ECS} {EBS}")
        res = self.post("grant_quota", **{f"form[{k}]": v for k, v in fields.items()})
        assert res.status_code == 200, res.text


def quota_of(client, quota_type, value, since):
    """The newest quota of a type and value made since `since` (the one just granted)."""
    found = client.list_quota_coupons(ListQuotaCouponsRequest(body=QueryCouponQuotasReqExt(
        quota_type=quota_type, create_time_begin=utc(since), limit=100)))
    return next(q for q in found.quotas if Decimal(str(q.quota_value)) == Decimal(value))


def customers(client, association_type):
    found = client.list_sub_customers(ListSubCustomersRequest(
        body=QuerySubCustomerListReq(association_type=association_type, limit=100)))
    return [c.customer_id for c in found.customer_infos]


def balance(client, indirect=None):
    found = client.list_partner_balances(ListPartnerBalancesRequest(indirect_partner_id=indirect))
    return Decimal(str(found.account_balances[0].amount))


def customer_balance(client, customer):
    found = client.list_customers_balances_detail(ListCustomersBalancesDetailRequest(
        body=QueryCustomersBalancesReq(customer_infos=[CustomerInfoV2(customer_id=customer)])))
    return Decimal(str(found.customer_balances[0].amount))


class MoneyCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.start = datetime.now(timezone.utc) - timedelta(seconds=2)
        operator = Operator()
        for partner in (YUNFAN, HUADONG):
            operator.top_up(partner, "100000")
        operator.grant(HUADONG, "voucher", "50000.01")
        operator.grant(HUADONG, "cash", "20000.01")
        cls.huadong = client_for(HUADONG)
        cls.voucher = quota_of(cls.huadong, 0, "50000.01", cls.start).quota_id
        cls.cash = quota_of(cls.huadong, 1, "20000.01", cls.start).quota_id

    def refused(self, call, status, code):
        with self.assertRaises(ClientRequestException) as raised:
            call()
        self.assertEqual((raised.exception.status_code, raised.exception.error_code), (status, code),
                         raised.exception.error_msg)
        return raised.exception


class Funds(MoneyCase):
    def setUp(self):
        self.client = client_for(YUNFAN)
        self.resale = customers(self.client, "2")
        self.consulting = customers(self.client, "1")

    def allocate(self, customer, amount, client=None):
        return (client or self.client).update_customer_account_amount(UpdateCustomerAccountAmountRequest(
            body=AdjustAccountReq(customer_id=customer, amount=Decimal(amount))))

    def reclaim(self, customer, amount):
        return self.client.reclaim_to_partner_account(ReclaimToPartnerAccountRequest(
            body=ReclaimToPartnerAccountBalancesReq(customer_id=customer, amount=Decimal(amount))))

    def test_allocating_and_reclaiming_move_exactly_the_amount_and_are_recorded(self):
        customer = self.resale[0]
        partner_before, customer_before = balance(self.client), customer_balance(self.client, customer)
        allocated = self.allocate(customer, "123.45")
        self.assertEqual(allocated.status_code, 200)
        self.assertTrue(allocated.transfer_id)
        self.assertEqual(balance(self.client), partner_before - Decimal("123.45"))
        self.assertEqual(customer_balance(self.client, customer), customer_before + Decimal("123.45"))
        reclaimed = self.reclaim(customer, "23.45")
        self.assertTrue(reclaimed.trans_id)
        self.assertEqual(balance(self.client), partner_before - Decimal("100"))
        self.assertEqual(customer_balance(self.client, customer), customer_before + Decimal("100"))

        records = self.client.list_partner_adjust_records(ListPartnerAdjustRecordsRequest(trans_id=reclaimed.trans_id))
        self.assertEqual(records.total_count, 1)
        record = records.records[0]
        self.assertEqual((record.operation_type, record.amount, record.customer_id),
                         ("SOURCE_OPERATION_BERETRIEVE", "23.45", customer))
        allocations = self.client.list_partner_adjust_records(ListPartnerAdjustRecordsRequest(
            customer_id=customer, operation_type="SOURCE_OPERATION_BEADJUST", limit=100))
        self.assertIn(allocated.transfer_id, [r.trans_id for r in allocations.records])

        changes = self.client.list_partner_account_change_records(ListPartnerAccountChangeRecordsRequest(
            balance_type="BALANCE_TYPE_DEBIT", trade_type="BEADJUST", limit=100))
        change = next(r for r in changes.records if r.trade_id == allocated.transfer_id)
        self.assertEqual((change.change_amount, change.type, change.customer_id), ("-123.45", "2", customer))
        self.assertEqual(changes.currency, "CNY")
        credit = self.client.list_partner_account_change_records(
            ListPartnerAccountChangeRecordsRequest(balance_type="BALANCE_TYPE_CREDIT"))
        self.assertEqual(credit.total_count, 0)

    def test_refusals(self):
        before = balance(self.client)
        self.refused(lambda: self.allocate(self.consulting[0], "1"), 400, "CBC.5021")
        self.refused(lambda: self.allocate(self.resale[0], "9999999999"), 400, "CBC.99005003")
        empty = next(c for c in self.resale if customer_balance(self.client, c) == 0)
        self.refused(lambda: self.reclaim(empty, "0.01"), 400, "CBC.99005003")
        for bad in ("0", "-1", "0.001", "1E+20"):
            error = self.refused(lambda: self.allocate(self.resale[0], bad), 400, "CBC.0100")
            self.assertTrue(error.error_msg.startswith("amount: "), error.error_msg)
        theirs = customers(client_for(LANHAI), "2")[0]
        self.refused(lambda: self.allocate(theirs, "1"), 404, "CBC.0100")
        self.refused(lambda: self.allocate(self.resale[0], "1", client_for(user(kind="member", user_name="sun.coupons"))),
                     403, "CBC.0151")
        self.refused(lambda: balance(client_for(user(kind="member", user_name="wu.auditor"))), 403, "CBC.0151")
        self.assertEqual(balance(self.client), before)
        # Customers' balances: only the caller's resale customers are answered.
        found = self.client.list_customers_balances_detail(ListCustomersBalancesDetailRequest(
            body=QueryCustomersBalancesReq(customer_infos=[CustomerInfoV2(customer_id=c) for c in
                                                           (self.resale[0], self.consulting[0], theirs)])))
        self.assertEqual([b.customer_id for b in found.customer_balances], [self.resale[0]])


class Resellers(MoneyCase):
    def test_a_distributor_funds_its_reseller_and_reads_its_account(self):
        listed = self.huadong.list_indirect_partners(ListIndirectPartnersRequest(body=QueryIndirectPartnersReq(limit=10)))
        jiangsu = next(r.indirect_partner_id for r in listed.indirect_partners if r.account_name == "jiangsu-reseller")
        before, theirs = balance(self.huadong), balance(self.huadong, jiangsu)
        funded = self.huadong.update_indirect_partner_account(UpdateIndirectPartnerAccountRequest(
            body=AdjustToIndirectPartnerReq(indirect_partner_id=jiangsu, amount=Decimal("300"))))
        self.assertTrue(funded.transfer_id)
        back = self.huadong.reclaim_indirect_partner_account(ReclaimIndirectPartnerAccountRequest(
            body=ReclaimIndirectPartnerAccountReq(indirect_partner_id=jiangsu, amount=Decimal("100.10"))))
        self.assertTrue(back.trans_id)
        self.assertEqual(balance(self.huadong), before - Decimal("199.90"))
        self.assertEqual(balance(self.huadong, jiangsu), theirs + Decimal("199.90"))
        self.assertEqual(balance(client_for(JIANGSU)), theirs + Decimal("199.90"))
        seen = self.huadong.list_partner_adjust_records(ListPartnerAdjustRecordsRequest(
            indirect_partner_id=jiangsu, trans_id=back.trans_id))
        self.assertEqual(seen.total_count, 1)
        self.refused(lambda: self.huadong.reclaim_indirect_partner_account(ReclaimIndirectPartnerAccountRequest(
            body=ReclaimIndirectPartnerAccountReq(indirect_partner_id=jiangsu, amount=Decimal("9999999999")))),
            400, "CBC.99005003")
        self.refused(lambda: balance(client_for(YUNFAN), jiangsu), 403, "CBC.0151")


class Coupons(MoneyCase):
    def issued(self, **filters):
        return self.huadong.list_issued_partner_coupons(ListIssuedPartnerCouponsRequest(**filters))

    def voucher_balance(self):
        found = self.huadong.list_quota_coupons(ListQuotaCouponsRequest(
            body=QueryCouponQuotasReqExt(quota_ids=[self.voucher])))
        return Decimal(str(found.quotas[0].balance))

    def test_issue_list_recall_and_records(self):
        resale, consulting = customers(self.huadong, "2"), customers(self.huadong, "1")
        before = self.voucher_balance()
        made = self.huadong.create_partner_coupons(CreatePartnerCouponsRequest(body=CreatePartnerCouponsReq(
            quota_id=self.voucher, customer_ids=resale[:2] + consulting[:1], face_value=Decimal("50.50"),
            cloud_service_types=[ECS], memo="sdk")))
        self.assertEqual([c.id for c in made.coupon_infos], resale[:2])
        self.assertEqual([(e.id, e.error_code) for e in made.error_details], [(consulting[0], "CBC.5021")])
        self.assertEqual(self.voucher_balance(), before - Decimal("101.00"))
        coupon = made.coupon_infos[0].coupon_id
        listed = self.issued(coupon_id=coupon)
        self.assertEqual(listed.total_count, 1)
        c = listed.user_coupons[0]
        self.assertEqual((c.status, c.coupon_type, c.customer_id), (2, 1, resale[0]))
        self.assertEqual((Decimal(str(c.face_value)), Decimal(str(c.balance))), (Decimal("50.50"), Decimal("50.50")))
        self.assertEqual(c.use_limits[0].value1, ECS)

        recalled = self.huadong.reclaim_partner_coupons(ReclaimPartnerCouponsRequest(
            body=ReclaimPartnerCouponsReq(coupon_id=coupon)))
        self.assertEqual(recalled.status_code, 204)
        self.assertEqual(self.issued(coupon_id=coupon).user_coupons[0].status, 5)
        self.assertIn(coupon, [x.coupon_id for x in self.issued(status=5, limit=100).user_coupons])
        self.assertEqual(self.voucher_balance(), before - Decimal("50.50"))
        self.refused(lambda: self.huadong.reclaim_partner_coupons(ReclaimPartnerCouponsRequest(
            body=ReclaimPartnerCouponsReq(coupon_id=coupon))), 400, "CBC.99007004")
        self.refused(lambda: client_for(YUNFAN).reclaim_partner_coupons(ReclaimPartnerCouponsRequest(
            body=ReclaimPartnerCouponsReq(coupon_id=made.coupon_infos[1].coupon_id))), 404, "CBC.0100")

        records = self.huadong.list_partner_coupons_record(ListPartnerCouponsRecordRequest(
            coupon_ids=[coupon], operation_types=["1", "2"]))
        self.assertEqual(sorted(r.operation_type for r in records.records), ["1", "2"])
        refused = self.huadong.list_partner_coupons_record(ListPartnerCouponsRecordRequest(
            customer_id=consulting[0], result="-1", operation_types=["1"], limit=100))
        self.assertTrue(refused.records and all(r.result == "-1" for r in refused.records))

    def test_cash_coupons_and_refused_terms(self):
        resale = customers(self.huadong, "2")
        made = self.huadong.create_partner_coupons(CreatePartnerCouponsRequest(body=CreatePartnerCouponsReq(
            quota_id=self.cash, customer_ids=resale[:1], face_value=Decimal("10"),
            expire_time=utc(datetime.now(timezone.utc) + timedelta(days=7)))))
        coupon = made.coupon_infos[0].coupon_id
        self.assertEqual(self.issued(coupon_id=coupon, coupon_type=4).user_coupons[0].coupon_type, 4)
        beyond = lambda: self.huadong.create_partner_coupons(CreatePartnerCouponsRequest(body=CreatePartnerCouponsReq(
            quota_id=self.cash, customer_ids=resale[:1], face_value=Decimal("10"),
            cloud_service_types=["hws.service.type.rds"])))
        self.assertIn("cloud_service_types", self.refused(beyond, 400, "CBC.0100").error_msg)

    def test_a_customer_lists_its_own_coupons_with_its_own_key(self):
        holders = [a for a in MANIFEST["accounts"] if a["kind"] == "customer" and a.get("access_key")]
        self.assertGreaterEqual(len(holders), 2, "the demo gives coupon holders a key")
        seen = {}
        for holder in holders:
            self.assertEqual(holder["domain_id"], holder["id"])
            mine = client_for(holder).list_sub_customer_coupons(ListSubCustomerCouponsRequest(limit=100))
            partner = client_for(user(kind="partner_main", account_name=holder["partner"]))
            issued = partner.list_issued_partner_coupons(ListIssuedPartnerCouponsRequest(
                customer_id=holder["id"], limit=100))
            terms = lambda c: (c.coupon_id, c.status, c.coupon_type, c.customer_id,
                               Decimal(str(c.face_value)), Decimal(str(c.balance)))
            self.assertTrue(mine.user_coupons, holder["account_name"])
            self.assertEqual(mine.count, len(mine.user_coupons))
            self.assertEqual(sorted(map(terms, mine.user_coupons)), sorted(map(terms, issued.user_coupons)))
            self.assertEqual({c.customer_id for c in mine.user_coupons}, {holder["id"]})
            self.assertTrue({c.status for c in mine.user_coupons} <= {2, 3, 4, 5})
            seen[holder["id"]] = {c.coupon_id for c in mine.user_coupons}
        # Nobody else's coupons appear: each holder's are its own.
        self.assertEqual(sum(map(len, seen.values())), len(set().union(*seen.values())))

        holder = holders[0]
        usable = client_for(holder).list_sub_customer_coupons(ListSubCustomerCouponsRequest(status=2, limit=100))
        self.assertTrue(all(c.status == 2 for c in usable.user_coupons))
        # A customer's key reaches no partner operation; a partner's does not list a customer's own.
        customer = client_for(holder)
        for call in (lambda: customers(customer, "2"),
                     lambda: customer.update_customer_account_amount(UpdateCustomerAccountAmountRequest(
                         body=AdjustAccountReq(customer_id=holder["id"], amount=Decimal("1")))),
                     lambda: customer.list_quota_coupons(ListQuotaCouponsRequest(body=QueryCouponQuotasReqExt()))):
            self.refused(call, 403, "CBC.0151")
        self.refused(lambda: self.huadong.list_sub_customer_coupons(ListSubCustomerCouponsRequest()), 403, "CBC.0151")
        # The key names its own account: the customer's partner is not it.
        as_partner = client_for(dict(holder, domain_id=user(kind="partner_main", account_name=holder["partner"])["domain_id"]))
        self.refused(lambda: as_partner.list_sub_customer_coupons(ListSubCustomerCouponsRequest()), 401, "CBC.0105")


class QuotaGrants(MoneyCase):
    def test_grant_to_resellers_then_reclaim(self):
        listed = self.huadong.list_indirect_partners(ListIndirectPartnersRequest(body=QueryIndirectPartnersReq(limit=10)))
        resellers = sorted(r.indirect_partner_id for r in listed.indirect_partners)
        granted = self.huadong.update_coupon_quotas(UpdateCouponQuotasRequest(body=AdjustCouponQuotasReq(
            quota_id=self.voucher, indirect_partner_ids=resellers, quota_amount=Decimal("200"))))
        self.assertEqual(sorted(q.id for q in granted.simple_quota_infos), resellers)
        self.assertEqual(granted.error_details, [])
        children = [q.quota_id for q in granted.simple_quota_infos]
        jiangsu_child = next(q.quota_id for q in granted.simple_quota_infos
                             if q.id == JIANGSU["domain_id"])
        issued = self.huadong.list_issued_coupon_quotas(ListIssuedCouponQuotasRequest(
            indirect_partner_id=JIANGSU["domain_id"], quota_id=jiangsu_child))
        self.assertEqual(issued.total_count, 1)
        child = issued.quotas[0]
        self.assertEqual((child.quota_status, child.parent_quota_id, child.indirect_partner_account_name),
                         (0, self.voucher, "jiangsu-reseller"))
        own = client_for(JIANGSU).list_quota_coupons(ListQuotaCouponsRequest(
            body=QueryCouponQuotasReqExt(quota_ids=[jiangsu_child])))
        self.assertEqual(Decimal(str(own.quotas[0].balance)), Decimal("200"))

        reclaimed = self.huadong.reclaim_coupon_quotas(ReclaimCouponQuotasRequest(body=ReclaimCouponQuotasReq(
            quota_ids=children, remark="sdk reclaim")))
        self.assertEqual(sorted(q.quota_id for q in reclaimed.simple_quota_infos), sorted(children))
        self.assertTrue(all(Decimal(str(q.quota_balance)) == Decimal("200") for q in reclaimed.simple_quota_infos))
        after = self.huadong.list_issued_coupon_quotas(ListIssuedCouponQuotasRequest(quota_id=jiangsu_child))
        self.assertEqual(after.quotas[0].quota_status, 6)
        records = self.huadong.list_coupon_quotas_records(ListCouponQuotasRecordsRequest(
            indirect_partner_id=JIANGSU["domain_id"], quota_id=jiangsu_child))
        self.assertEqual(sorted(r.operation_type for r in records.records), ["10", "11"])
        self.assertEqual({r.remark for r in records.records if r.operation_type == "11"}, {"sdk reclaim"})
        # Not a distributor's reseller: refused per line; not a distributor's member: refused.
        other = self.huadong.update_coupon_quotas(UpdateCouponQuotasRequest(body=AdjustCouponQuotasReq(
            quota_id=self.voucher, indirect_partner_ids=[YUNFAN["domain_id"]], quota_amount=Decimal("1"))))
        self.assertEqual([e.id for e in other.error_details], [YUNFAN["domain_id"]])
        self.refused(lambda: client_for(user(kind="member", user_name="lin.finance")).list_coupon_quotas_records(
            ListCouponQuotasRecordsRequest()), 403, "CBC.0151")


if __name__ == "__main__":
    unittest.main(verbosity=2)
