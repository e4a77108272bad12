#!/usr/bin/env python3
"""Writes malformed IPv4 packets onto a TUN interface and reports whether the stack answered any.

Every packet is an ICMP echo request (identifier 0x7e57) from the kernel side to the stack, broken
in one way, so a stack that wrongly accepted it would answer it. The packets go out through an
AF_PACKET socket: unlike a raw IP socket, it leaves checksum and lengths exactly as written, and on
a TUN interface its bytes reach the process holding the TUN fd unchanged.

After the burst one valid echo request (the sentinel) follows. The stack handles packets in the
order they arrive, so once the sentinel's reply is back, every malformed packet has been handled
and any reply to one of them has been seen.

Usage: malformed_ipv4.py IFNAME SRC DST ROUNDS
Prints one line per variant ("variant NAME sent N answered M") and "sentinel answered" or
"sentinel unanswered"; exit status 0 when the sentinel was answered and no malformed packet was.
"""
import select
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
IDENT = 0x7E57
SENTINEL_SEQ = 0xFFFF
SENTINEL_TIMEOUT_S = 20


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(seq, payload=b"tcpstack-malformed", icmp_checksum_ok=True):
    header = struct.pack("!BBHHH", 8, 0, 0, IDENT, seq)
    csum = checksum(header + payload)
    if not icmp_checksum_ok:
        csum ^= 0x5A5A
    return struct.pack("!BBHHH", 8, 0, csum, IDENT, seq) + payload


def ipv4(src, dst, body, version=4, ihl=5, total_length=None, flags_fragment=0, header_checksum_ok=True):
    total = 20 + len(body) if total_length is None else total_length
    header = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, total, 0x1234, flags_fragment, 64,
                         socket.IPPROTO_ICMP, 0, socket.inet_aton(src), socket.inet_aton(dst))
    csum = checksum(header)
    if not header_checksum_ok:
        csum ^= 0x00FF
    return header[:10] + struct.pack("!H", csum) + header[12:] + body


def variants(src, dst):
    """(name, packet builder taking a sequence number) for each way a packet is broken."""
    return [
        ("bad-header-checksum", lambda s: ipv4(src, dst, echo_request(s), header_checksum_ok=False)),
        ("ihl-below-5", lambda s: ipv4(src, dst, echo_request(s), ihl=4)),
        ("ihl-beyond-packet", lambda s: ipv4(src, dst, echo_request(s), ihl=15)),
        ("total-length-beyond-packet", lambda s: ipv4(src, dst, echo_request(s), total_length=20 + 26 + 100)),
        ("total-length-below-header", lambda s: ipv4(src, dst, echo_request(s), total_length=12)),
        ("truncated-header", lambda s: ipv4(src, dst, echo_request(s))[:12]),
        ("version-not-4", lambda s: ipv4(src, dst, echo_request(s), version=5)),
        ("bad-icmp-checksum", lambda s: ipv4(src, dst, echo_request(s, icmp_checksum_ok=False))),
        ("first-fragment-only", lambda s: ipv4(src, dst, echo_request(s), flags_fragment=0x2000)),
    ]


def main():
    ifname, src, dst, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    sock.bind((ifname, ETH_P_IP))
    address = (ifname, ETH_P_IP)

    kinds = variants(src, dst)
    sent = {name: 0 for name, _ in kinds}
    seq_to_variant = {}
    seq = 0
    for _ in range(rounds):
        for name, build in kinds:
            seq += 1
            seq_to_variant[seq] = name
            sock.sendto(build(seq), address)
            sent[name] += 1
    sock.sendto(ipv4(src, dst, echo_request(SENTINEL_SEQ)), address)

    answered = {name: 0 for name, _ in kinds}
    sentinel = False
    deadline = time.monotonic() + SENTINEL_TIMEOUT_S
    while not sentinel:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([sock], [], [], remaining)[0]:
            break
        packet, (_, _, pkttype, _, _) = sock.recvfrom(65535)
        if pkttype == PACKET_OUTGOING or len(packet) < 28 or packet[9] != socket.IPPROTO_ICMP:
            continue
        ihl = (packet[0] & 0x0F) * 4
        icmp_type, _, _, ident, reply_seq = struct.unpack("!BBHHH", packet[ihl:ihl + 8])
        if icmp_type != 0 or ident != IDENT:
            continue
        if reply_seq == SENTINEL_SEQ:
            sentinel = True
        elif reply_seq in seq_to_variant:
            answered[seq_to_variant[reply_seq]] += 1

    for name, _ in kinds:
        print("variant %s sent %d answered %d" % (name, sent[name], answered[name]))
    print("sentinel answered" if sentinel else "sentinel unanswered")
    return 0 if sentinel and not any(answered.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
