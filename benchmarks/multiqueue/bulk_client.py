"""Bulk TCP client for the multi-queue experiment: N parallel streams, each in its own process.

usage: bulk_client.py send|recv HOST PORT STREAMS SECONDS WARMUP

send: sendall() a 1 MiB buffer in a loop (to discard); recv: recv_into() a 1 MiB buffer (from
chargen). Bytes moved between WARMUP and WARMUP + SECONDS after the connect count; afterwards each
stream closes cleanly (shutdown for writing, read to EOF) so that no RST muddies the counters.
Prints the total in bytes/s.
"""
import os
import socket
import sys
import time

CHUNK = 1 << 20


def stream(mode, host, port, seconds, warmup, out):
    s = socket.create_connection((host, port))
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    start = time.monotonic()
    begin, end = start + warmup, start + warmup + seconds
    counted = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        n = s.send(view) if mode == "send" else s.recv_into(view)
        if n == 0:
            raise SystemExit("stream ended early")
        if now >= begin:
            counted += n
    s.shutdown(socket.SHUT_WR)
    while s.recv_into(view) > 0:
        pass
    s.close()
    os.write(out, f"{counted}\n".encode())


def main():
    mode, host, port, streams, seconds, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
        float(sys.argv[5]), float(sys.argv[6])
    r, w = os.pipe()
    children = []
    for _ in range(streams):
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                stream(mode, host, port, seconds, warmup, w)
                os._exit(0)
            except BaseException as e:  # noqa: BLE001 - report and fail the child
                print(f"stream failed: {e}", file=sys.stderr)
                os._exit(1)
        children.append(pid)
    os.close(w)
    failed = sum(os.waitpid(pid, 0)[1] != 0 for pid in children)
    with os.fdopen(r) as results:
        total = sum(int(line) for line in results)
    if failed:
        raise SystemExit(f"{failed} of {streams} streams failed")
    print(f"{total / seconds:.0f}")


main()
