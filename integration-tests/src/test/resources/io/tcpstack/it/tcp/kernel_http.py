#!/usr/bin/env python3
"""A small HTTP/1.1 server with the stack's HTTP endpoints, for measuring the kernel's own TCP
against the stack with the same clients: GET /bytes/N streams N bytes where byte i is i mod 251;
POST /sink reads the body and answers "<count> <hex sha256>\\n"; GET / answers "ok\\n".
Keep-alive and "Connection: close" both work (http.server's HTTP/1.1 handling).

Usage: kernel_http.py ADDRESS PORT   (prints "listening" once it accepts connections)
"""
import hashlib
import http.server
import sys

PERIOD = 251
SLICE = 64 * 1024
TABLE = bytes(i % PERIOD for i in range(PERIOD + SLICE))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, body, content_type="text/plain"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if not self.path.startswith("/bytes/"):
            self.reply(b"ok\n")
            return
        size = int(self.path[len("/bytes/"):])
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        view = memoryview(TABLE)
        offset = 0
        while offset < size:
            length = min(SLICE, size - offset)
            start = offset % PERIOD
            self.wfile.write(view[start:start + length])
            offset += length

    def do_POST(self):
        remaining = int(self.headers.get("Content-Length", "0"))
        sha = hashlib.sha256()
        count = 0
        while remaining > 0:
            chunk = self.rfile.read(min(SLICE, remaining))
            if not chunk:
                break
            sha.update(chunk)
            count += len(chunk)
            remaining -= len(chunk)
        self.reply(("%d %s\n" % (count, sha.hexdigest())).encode("ascii"))

    def log_message(self, format, *args):
        pass


def main():
    server = http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Handler)
    print("listening", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
