"""The test server's own promise: a request is in its log before the client can see the answer.

``test_new_version_over_http_is_applied_and_then_nothing_changed`` reads ``server.requests[-1]`` as soon as
the sync returns. The server used to log after sending, from its own thread, so on a busy machine the client
could look first and find the previous request there.
"""

from __future__ import annotations

import http.client

from tests.sync.server import BundleServer, Fault


def test_every_request_is_logged_before_its_answer_reaches_the_client(tmp_path):
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    server = BundleServer(tmp_path, faults={"broken.json": Fault(status=500)}).start()
    try:
        port = server.httpd.server_address[1]
        etag = None
        for i in range(300):  # every kind of answer, many times: one late entry fails the test
            name, headers = [("manifest.json", {}), ("manifest.json", {"If-None-Match": etag or ""}),
                             ("missing.json", {}), ("broken.json", {})][i % 4]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/" + name, headers=headers)
            response = conn.getresponse()
            status = response.status
            etag = response.getheader("ETag") or etag
            assert server.requests[-1] == (name, status), f"request {i}: {server.requests[-3:]}"
            response.read()
            conn.close()
        assert len(server.requests) == 300
    finally:
        server.stop()
