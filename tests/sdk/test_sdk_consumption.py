"""The official SDK (huaweicloudsdkbss) reads consumption from a running Partner Centre with the demo
data (six months of generated spend): the customers with spend in a cycle, their fee records, and the
cycle's sums by customer, service and billing mode, which must equal the records to the cent. A
customer manager's key sees a part of its partner's records; another partner sees none of them.

BASE_URL and PC_DEMO_MANIFEST name the server and its demo manifest (tests/sdk/run.sh sets them).
"""
import json
import os
import unittest
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from huaweicloudsdkbss.v2 import (
    BssClient, ListConsumeSubCustomersReq, ListConsumeSubCustomersRequest,
    ListSubCustomerBillDetailRequest, ListSubcustomerMonthlyBillsRequest)
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:3000")
with open(os.environ.get("PC_DEMO_MANIFEST", "demo-manifest.json"), encoding="utf-8") as f:
    MANIFEST = json.load(f)


def user(**match):
    return next(a for a in MANIFEST["accounts"] if all(a.get(k) == v for k, v in match.items()))


def client_for(account):
    credentials = GlobalCredentials(account["access_key"], account["secret_key"], domain_id=account["domain_id"])
    return BssClient.new_builder().with_credentials(credentials).with_endpoints([BASE_URL]).build()


def previous_cycle():
    """Last month in Beijing time: a whole month of demo spend."""
    beijing = datetime.now(timezone(timedelta(hours=8)))
    first = beijing.replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def every_record(client, cycle, **filters):
    records, offset = [], 0
    while True:
        page = client.list_sub_customer_bill_detail(ListSubCustomerBillDetailRequest(
            bill_cycle=cycle, offset=offset, limit=100, **filters))
        records.extend(page.fee_records)
        offset += 100
        if offset >= page.total_count:
            return records, page.total_count


def every_sum(client, cycle):
    sums, offset = [], 0
    while True:
        page = client.list_subcustomer_monthly_bills(ListSubcustomerMonthlyBillsRequest(
            cycle=cycle, offset=offset, limit=100))
        sums.extend(page.bill_sums)
        offset += 100
        if offset >= page.count:
            return sums


class Consumption(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.yunfan = client_for(user(kind="partner_main", account_name="yunfan-tech"))
        cls.lanhai = client_for(user(kind="partner_main", account_name="lanhai-solutions"))
        cls.manager = client_for(user(kind="member", user_name="wang.manager"))
        cls.cycle = previous_cycle()

    def test_records_and_monthly_sums_agree_to_the_cent(self):
        spenders = self.yunfan.list_consume_sub_customers(ListConsumeSubCustomersRequest(
            body=ListConsumeSubCustomersReq(bill_cycle=self.cycle, offset=0, limit=100)))
        self.assertGreater(spenders.total_count, 0)
        records, total = every_record(self.yunfan, self.cycle)
        self.assertEqual(len(records), total)
        self.assertTrue(all(r.bill_cycle == self.cycle for r in records))
        self.assertEqual({r.customer_id for r in records}, {c.customer_id for c in spenders.sub_customers})
        paid = sum(Decimal(str(r.payment_amount)) for r in records)
        for r in records:
            self.assertEqual(Decimal(str(r.official_amount)) - Decimal(str(r.official_discount_amount)),
                             Decimal(str(r.payment_amount)))
            self.assertEqual(Decimal(str(r.payment_amount)),
                             Decimal(str(r.cash_amount)) + Decimal(str(r.coupon_amount)) + Decimal(str(r.debt_amount)))
        sums = every_sum(self.yunfan, self.cycle)
        self.assertEqual(sum(Decimal(str(s.amount)) for s in sums), paid)
        one = records[0]
        mine, count = every_record(self.yunfan, self.cycle, customer_id=one.customer_id,
                                   service_type_code=one.service_type_code)
        self.assertEqual(count, len(mine))
        self.assertTrue(all(r.customer_id == one.customer_id and r.service_type_code == one.service_type_code
                            for r in mine))

    def test_a_manager_sees_part_and_another_partner_none(self):
        everything, _ = every_record(self.yunfan, self.cycle)
        managed, _ = every_record(self.manager, self.cycle)
        self.assertLessEqual({r.id for r in managed}, {r.id for r in everything})
        self.assertGreater(len(managed), 0)
        self.assertLess(len(managed), len(everything))
        customer = everything[0].customer_id
        theirs, count = every_record(self.lanhai, self.cycle, customer_id=customer)
        self.assertEqual((theirs, count), ([], 0))

    def test_a_malformed_cycle_is_a_parameter_error(self):
        with self.assertRaises(ClientRequestException) as refused:
            self.yunfan.list_sub_customer_bill_detail(ListSubCustomerBillDetailRequest(bill_cycle="2026-13"))
        self.assertEqual((refused.exception.status_code, refused.exception.error_code), (400, "CBC.0100"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
