#!/usr/bin/env python3
"""Opens many HTTP/1.1 connections to a server of GET /bytes/N (byte i is i mod 251) and checks
every response: status 200, a content-length of N and exactly the pattern's bytes.

Usage: http_connections.py HOST PORT sequential|concurrent COUNT
  sequential: COUNT connections one after the other; each asks "Connection: close", so the server
              closes first, and reads to end of stream.
  concurrent: COUNT connections opened by COUNT threads; all of them are established before any
              sends its request (a barrier), so the server holds COUNT connections at once; each
              reads content-length bytes and then closes first.
Connection i asks for /bytes/(i * 7919 mod 4000), so sizes cover 0 bytes, one segment and several.
Prints "ok COUNT connections in SECONDS s" and exits 0 when every response was right; otherwise
prints one line per failure (at most 10) and exits 1.
"""
import socket
import sys
import threading
import time

PERIOD = 251
MAX_SIZE = 4000
PATTERN = bytes(i % PERIOD for i in range(MAX_SIZE))
TIMEOUT_S = 30


def size_of(i):
    return i * 7919 % MAX_SIZE


def read_head(sock, buffered):
    """Reads up to the blank line; returns (status, headers dict, bytes after the head)."""
    while b"\r\n\r\n" not in buffered:
        chunk = sock.recv(65536)
        if not chunk:
            raise ValueError("connection ended inside the response head: %r" % buffered[:200])
        buffered += chunk
    head, rest = buffered.split(b"\r\n\r\n", 1)
    lines = head.decode("iso-8859-1").split("\r\n")
    status = lines[0]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def check(status, headers, body, size):
    if not status.startswith("HTTP/1.1 200 "):
        raise ValueError("status line %r" % status)
    if headers.get("content-length") != str(size):
        raise ValueError("content-length %r, expected %d" % (headers.get("content-length"), size))
    if body != PATTERN[:size]:
        raise ValueError("body of %d bytes differs from the pattern of %d bytes" % (len(body), size))


def request(host, port, size, connection):
    return ("GET /bytes/%d HTTP/1.1\r\nHost: %s:%d\r\nConnection: %s\r\n\r\n"
            % (size, host, port, connection)).encode("ascii")


def server_closes(host, port, i):
    size = size_of(i)
    with socket.create_connection((host, port), timeout=TIMEOUT_S) as sock:
        sock.sendall(request(host, port, size, "close"))
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        status, headers, body = read_head(sock, data)
        check(status, headers, body, size)


def client_closes(sock, host, port, i):
    size = size_of(i)
    sock.sendall(request(host, port, size, "keep-alive"))
    status, headers, body = read_head(sock, b"")
    while len(body) < size:
        chunk = sock.recv(65536)
        if not chunk:
            raise ValueError("connection ended after %d of %d body bytes" % (len(body), size))
        body += chunk
    check(status, headers, body, size)


def sequential(host, port, count):
    failures = []
    for i in range(count):
        try:
            server_closes(host, port, i)
        except (OSError, ValueError) as e:
            failures.append("connection %d: %s" % (i, e))
    return failures


def concurrent(host, port, count):
    failures = []
    lock = threading.Lock()
    barrier = threading.Barrier(count, timeout=TIMEOUT_S)

    def run(i):
        try:
            with socket.create_connection((host, port), timeout=TIMEOUT_S) as sock:
                barrier.wait()
                client_closes(sock, host, port, i)
        except (OSError, ValueError, threading.BrokenBarrierError) as e:
            with lock:
                failures.append("connection %d: %s" % (i, str(e) or type(e).__name__))
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def main():
    host, port, mode, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    start = time.monotonic()
    failures = {"sequential": sequential, "concurrent": concurrent}[mode](host, port, count)
    elapsed = time.monotonic() - start
    for failure in failures[:10]:
        print(failure)
    if failures:
        print("failed %d of %d connections" % (len(failures), count))
        return 1
    print("ok %d connections in %.3f s" % (count, elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
