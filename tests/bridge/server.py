#!/usr/bin/env python3
# server.py — a stand-in for HiPKI Local Server's page in the test bed: answers GET / with "version:VERSION",
# logs every request line, and records anything but GET / in LOG.bad (the test then fails: only GET / is safe).
# Usage: server.py PORT VERSION LOG   (VERSION "none": a page without a version)
import http.server
import sys

PORT, VERSION, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Handler(http.server.BaseHTTPRequestHandler):
    def _log(self):
        with open(LOG, "a") as f:
            f.write(self.requestline + "\n")
        if self.command != "GET" or self.path != "/":
            with open(LOG + ".bad", "a") as f:
                f.write(self.requestline + "\n")

    def do_GET(self):
        self._log()
        if self.path != "/":
            self.send_error(404)
            return
        body = b"<html><body>HiPKI Local Server stand-in<br>"
        if VERSION != "none":
            body += ("version:%s<br>" % VERSION).encode()
        body += b"</body></html>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # Every other method is recorded as a side-effect request and refused.
    def _other(self):
        self._log()
        self.send_error(405)

    do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _other

    def log_message(self, *args):
        pass


class Server(http.server.HTTPServer):
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
