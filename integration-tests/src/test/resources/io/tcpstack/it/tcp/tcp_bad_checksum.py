#!/usr/bin/env python3
"""Writes TCP SYNs with a wrong checksum onto a TUN interface and reports whether the stack
answered any (RFC 9293 §3.1: a segment whose checksum does not verify is discarded).

The SYNs go out through an AF_PACKET socket, which leaves every byte as written (a raw IP socket
would not); on a TUN interface they reach the process holding the TUN fd. Each bad SYN has its own
source port. A valid SYN (the sentinel) follows: the stack handles packets in order, so once the
sentinel's SYN|ACK is back every bad SYN has been handled and any answer to one has been seen.
The kernel answers the sentinel's SYN|ACK with a RST (no socket of its own owns that port).

Usage: tcp_bad_checksum.py IFNAME SRC DST DPORT COUNT
Prints "bad sent N answered M" and "sentinel answered" or "sentinel unanswered"; exit status 0
when the sentinel was answered and no bad SYN was.
"""
import select
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
FIRST_BAD_PORT = 40000
SENTINEL_PORT = 39999
SYN = 0x02
ACK = 0x10
RST = 0x04
SENTINEL_TIMEOUT_S = 20


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def syn(src, dst, sport, dport, checksum_ok):
    options = struct.pack("!BBH", 2, 4, 1460)  # MSS
    header = struct.pack("!HHIIBBHHH", sport, dport, 1000 + sport, 0, (5 + len(options) // 4) << 4, SYN,
                         64240, 0, 0) + options
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(header))
    csum = checksum(pseudo + header)
    if not checksum_ok:
        csum ^= 0x1234
    segment = header[:16] + struct.pack("!H", csum) + header[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(segment), 0x4321, 0x4000, 64, socket.IPPROTO_TCP, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    return ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:] + segment


def main():
    ifname, src, dst, dport, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    sock.bind((ifname, ETH_P_IP))
    address = (ifname, ETH_P_IP)
    bad_ports = range(FIRST_BAD_PORT, FIRST_BAD_PORT + count)
    for port in bad_ports:
        sock.sendto(syn(src, dst, port, dport, checksum_ok=False), address)
    sock.sendto(syn(src, dst, SENTINEL_PORT, dport, checksum_ok=True), address)

    answered = 0
    sentinel = False
    deadline = time.monotonic() + SENTINEL_TIMEOUT_S
    while not sentinel:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([sock], [], [], remaining)[0]:
            break
        packet, (_, _, pkttype, _, _) = sock.recvfrom(65535)
        if pkttype == PACKET_OUTGOING or len(packet) < 40 or packet[9] != socket.IPPROTO_TCP:
            continue
        ihl = (packet[0] & 0x0F) * 4
        sport, to_port = struct.unpack("!HH", packet[ihl:ihl + 4])
        flags = packet[ihl + 13]
        if sport != dport:
            continue
        if to_port == SENTINEL_PORT and flags & (SYN | ACK) == SYN | ACK:
            sentinel = True
        elif to_port in bad_ports:
            answered += 1

    print("bad sent %d answered %d" % (count, answered))
    print("sentinel answered" if sentinel else "sentinel unanswered")
    return 0 if sentinel and answered == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
