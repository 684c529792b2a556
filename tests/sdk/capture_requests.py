"""Records what the official Huawei Cloud SDK (huaweicloudsdkbss) really sends, as fixtures for the
Rust unit tests of signature verification (tests/fixtures/sdk_requests.json).

Run from a virtual environment with the pinned SDK (tests/sdk/requirements.txt):
    python tests/sdk/capture_requests.py > tests/fixtures/sdk_requests.json
A local HTTP server answers every request with an empty JSON object and keeps its method, path,
query, headers and body, exactly as they arrived.
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkbss.v2 import (BssClient, CreateCustomerV2Req, CreateSubCustomerRequest,
                                  ListCustomerOrdersRequest, ListIndirectPartnersRequest,
                                  ListSubCustomersRequest, QueryIndirectPartnersReq,
                                  QuerySubCustomerListReq)

AK = "CAPTUREAK0123456789A"
SK = "capture-secret-0123456789abcdefghijklmnopqrs"
captured = []


class Recorder(BaseHTTPRequestHandler):
    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        path, _, query = self.path.partition("?")
        captured.append({
            "secret": SK,
            "method": self.command,
            "path": path,
            "query": query,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body,
        })
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_PUT = handle_one

    def log_message(self, *args):
        pass


def main():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = (BssClient.new_builder()
              .with_credentials(GlobalCredentials(AK, SK, domain_id="00000000-0000-4000-8000-00000000c0de"))
              .with_endpoints([f"http://127.0.0.1:{server.server_port}"]).build())
    client.list_sub_customers(ListSubCustomersRequest(body=QuerySubCustomerListReq(
        account_name="corp 中文", association_type="2", offset=0, limit=100,
        associated_on_begin="2026-01-01T00:00:00Z")))
    client.create_sub_customer(CreateSubCustomerRequest(body=CreateCustomerV2Req(
        domain_name="new-customer_1", password="Secret#2026x", cooperation_type="1")))
    client.list_indirect_partners(ListIndirectPartnersRequest(body=QueryIndirectPartnersReq(offset=0, limit=10)))
    client.list_customer_orders(ListCustomerOrdersRequest(
        customer_id="abc", limit=5, offset=0, order_by="-createTime", create_time_begin="2026-01-01T00:00:00Z"))
    server.shutdown()
    print(json.dumps(captured, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
